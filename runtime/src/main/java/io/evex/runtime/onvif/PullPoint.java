package io.evex.runtime.onvif;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One pull-point subscription: the messages waiting for the client's next {@code PullMessages}
 * (at most {@code capacity}; beyond, the oldest go, counted), when it expires, and the one pull
 * that may wait on it (a second pull ends the first, answered with nothing, so a client cannot
 * hold more than one server thread a subscription).
 */
final class PullPoint {

    final String id;
    final OnvifAuth.Caller caller;
    private final int capacity;
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private long dropped;
    private long expiresAt;
    private long pulls;
    private boolean closed;

    PullPoint(String id, OnvifAuth.Caller caller, int capacity, long expiresAt) {
        this.id = id;
        this.caller = caller;
        this.capacity = capacity;
        this.expiresAt = expiresAt;
    }

    /** Queues a message; the oldest goes when the queue is full. */
    synchronized void offer(String message) {
        if (closed) {
            return;
        }
        if (messages.size() >= capacity) {
            messages.poll();
            dropped++;
        }
        messages.add(message);
        notifyAll();
    }

    /**
     * Up to {@code limit} messages, waiting at most {@code timeoutMs} for the first; empty when
     * none came, the subscription ended, or a newer pull took over.
     */
    synchronized List<String> pull(int limit, long timeoutMs) throws InterruptedException {
        long mine = ++pulls;
        notifyAll(); // an older pull waiting here returns now
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (messages.isEmpty() && !closed && pulls == mine) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        List<String> out = new ArrayList<>(Math.min(limit, messages.size()));
        while (out.size() < limit && !messages.isEmpty() && pulls == mine) {
            out.add(messages.poll());
        }
        return out;
    }

    synchronized long expiresAt() {
        return expiresAt;
    }

    synchronized void renew(long until) {
        expiresAt = until;
    }

    /** Messages lost to a full queue. */
    synchronized long dropped() {
        return dropped;
    }

    synchronized int queued() {
        return messages.size();
    }

    synchronized void close() {
        closed = true;
        messages.clear();
        notifyAll();
    }
}
