package io.evex.runtime.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A program's stdin behind a 64 KiB buffer that knows which whole messages the operating system
 * has accepted. Writing costs a syscall per full buffer, not per message; and when the program
 * dies, {@link #notHandedOver()} returns the messages that never left this process, so they can
 * go to the restarted program instead of being lost.
 */
final class StdinBuffer {

    private final OutputStream out;
    private final byte[] buffer;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int used;
    private long written; // bytes accepted so far by this buffer
    private long handedOver; // bytes accepted so far by the operating system

    private record Pending(long end, byte[] message) {}

    StdinBuffer(OutputStream out, int size) {
        this.out = out;
        this.buffer = new byte[size];
    }

    /** Writes one message: {@code json} and the separator byte. */
    void writeMessage(byte[] json, byte separator) throws IOException {
        put(json);
        put(new byte[] {separator}, 0, 1);
        pending.addLast(new Pending(written, json));
    }

    /** Writes bytes that need no tracking (messages being written again after a restart are tracked by the caller). */
    void writeRaw(byte[] bytes) throws IOException {
        put(bytes);
    }

    private void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int off, int len) throws IOException {
        if (len > buffer.length - used) {
            drain();
            if (len > buffer.length) {
                out.write(bytes, off, len);
                written += len;
                handedOver = written;
                forgetHandedOver();
                return;
            }
        }
        System.arraycopy(bytes, off, buffer, used, len);
        used += len;
        written += len;
    }

    /** Hands everything buffered to the operating system. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            handedOver += used;
            used = 0;
            forgetHandedOver();
        }
    }

    private void forgetHandedOver() {
        while (!pending.isEmpty() && pending.peekFirst().end() <= handedOver) {
            pending.removeFirst();
        }
    }

    /** The messages not (completely) accepted by the operating system, in order, without separators. */
    List<byte[]> notHandedOver() {
        List<byte[]> messages = new ArrayList<>(pending.size());
        pending.forEach(p -> messages.add(p.message()));
        return messages;
    }

    void close() throws IOException {
        out.close();
    }
}
