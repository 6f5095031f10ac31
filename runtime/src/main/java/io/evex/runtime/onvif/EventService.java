package io.evex.runtime.onvif;

import com.fasterxml.jackson.databind.JsonNode;
import io.evex.api.onvif.OnvifNotifications;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event service: pull-point subscriptions ({@code CreatePullPointSubscription},
 * {@code PullMessages}, {@code Renew}, {@code Unsubscribe}) fed with {@link OnvifNotifications}, each
 * seeing only the channels its caller sees, each expiring unless renewed, at most
 * {@code max_subscriptions} at once.
 */
final class EventService {

    static final String SUBSCRIPTION_PATH = "/onvif/subscription/";
    /** The longest a pull waits: under the HTTP server's idle time-out, which would cut the connection. */
    static final long LONGEST_PULL_MS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventService.class);
    private static final SecureRandom IDS = new SecureRandom();
    private static final Duration DEFAULT_TERMINATION = Duration.ofMinutes(1);

    /** The operations answered (the documentation lists each). */
    static final java.util.List<String> SUBSCRIPTION_OPERATIONS =
            java.util.List.of("PullMessages", "Renew", "Unsubscribe", "SetSynchronizationPoint");

    static final java.util.List<String> OPERATIONS =
            java.util.List.of("GetServiceCapabilities", "GetEventProperties", "CreatePullPointSubscription");

    private final OnvifSettings settings;
    private final OnvifNotifications messages = new OnvifNotifications();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final LongAdder expired = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** A pull point and the topics it asked for. */
    private record Subscription(PullPoint point, Predicate<String> topics) {}

    EventService(OnvifSettings settings) {
        this.settings = settings;
    }

    static String capabilities() {
        return "<tev:Capabilities WSSubscriptionPolicySupport=\"false\" WSPullPointSupport=\"true\""
                + " WSPausableSubscriptionManagerInterfaceSupport=\"false\" MaxNotificationProducers=\"0\""
                + " MaxPullPoints=\"16\" PersistentNotificationStorage=\"false\"/>";
    }

    /** Sees a published event: its notifications go to every subscription that may see them. */
    void seen(JsonNode event) {
        List<OnvifNotifications.Notification> made = messages.of(event);
        if (!made.isEmpty() && !subscriptions.isEmpty()) {
            made.forEach(this::deliver);
        }
    }

    private void deliver(OnvifNotifications.Notification n) {
        for (Subscription s : subscriptions.values()) {
            if (s.point.caller.sees(n.channel()) && s.topics.test(n.topic())) {
                s.point.offer(n.xml());
            }
        }
    }

    /** Once a second: expired subscriptions go, and motion that stopped is said. */
    void tick() {
        long now = System.currentTimeMillis();
        subscriptions.values().removeIf(s -> {
            if (s.point.expiresAt() > now) {
                return false;
            }
            s.point.close();
            expired.increment();
            LOG.info("ONVIF subscription {} of {} expired", s.point.id, s.point.caller.name());
            return true;
        });
        messages.quiet(now).forEach(this::deliver);
    }

    /** The event service's own operations. */
    String answer(Call call) throws SoapFault {
        return switch (call.name()) {
            case "GetServiceCapabilities" ->
                "<tev:GetServiceCapabilitiesResponse>"
                        + capabilities()
                                .replace(
                                        "MaxPullPoints=\"16\"", "MaxPullPoints=\"" + settings.maxSubscriptions() + "\"")
                        + "</tev:GetServiceCapabilitiesResponse>";
            case "GetEventProperties" -> EventTopics.properties();
            case "CreatePullPointSubscription" -> create(call);
            default -> throw SoapFault.notSupported(call.name());
        };
    }

    private String create(Call call) throws SoapFault {
        if (subscriptions.size() >= settings.maxSubscriptions()) {
            refused.increment();
            throw SoapFault.receiver(
                    "ter:MaxPullPointsReached",
                    "this device holds " + settings.maxSubscriptions()
                            + " subscriptions already (onvif.max_subscriptions); unsubscribe one or let it expire");
        }
        long now = System.currentTimeMillis();
        long until = termination(call.request().argument("InitialTerminationTime"), now);
        byte[] raw = new byte[16];
        IDS.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        PullPoint point = new PullPoint(id, call.caller(), settings.subscriptionQueue(), until);
        Subscription s =
                new Subscription(point, EventTopics.filter(call.request().operation()));
        subscriptions.put(id, s);
        for (OnvifNotifications.Notification n : messages.initial(now)) {
            if (point.caller.sees(n.channel()) && s.topics.test(n.topic())) {
                point.offer(n.xml());
            }
        }
        LOG.info("ONVIF subscription {} made for {}", id, call.caller().name());
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>"
                + Xml.escape(call.base() + SUBSCRIPTION_PATH + id) + "</wsa:Address></tev:SubscriptionReference>"
                + times(now, until) + "</tev:CreatePullPointSubscriptionResponse>";
    }

    /** The operations on one subscription, at its own address. */
    String answer(String id, Call call) throws SoapFault, InterruptedException {
        Subscription s = subscriptions.get(id);
        if (s == null || !s.point.caller.name().equals(call.caller().name())) {
            throw SoapFault.sender(
                    "ter:InvalidArgVal", "no subscription at this address (it expired or was unsubscribed)");
        }
        PullPoint point = s.point;
        long now = System.currentTimeMillis();
        switch (call.name()) {
            case "PullMessages" -> {
                long wait = Math.min(LONGEST_PULL_MS, duration(call.request().argument("Timeout"), 10_000));
                int limit =
                        (int) Math.max(1, Math.min(1000, number(call.request().argument("MessageLimit"), 100)));
                List<String> pulled = point.pull(limit, wait);
                long at = System.currentTimeMillis();
                return "<tev:PullMessagesResponse><tev:CurrentTime>" + Instant.ofEpochMilli(at)
                        + "</tev:CurrentTime><tev:TerminationTime>" + Instant.ofEpochMilli(point.expiresAt())
                        + "</tev:TerminationTime>" + String.join("", pulled) + "</tev:PullMessagesResponse>";
            }
            case "Renew" -> {
                long until = termination(call.request().argument("TerminationTime"), now);
                point.renew(until);
                return "<wsnt:RenewResponse><wsnt:TerminationTime>" + Instant.ofEpochMilli(until)
                        + "</wsnt:TerminationTime><wsnt:CurrentTime>" + Instant.ofEpochMilli(now)
                        + "</wsnt:CurrentTime></wsnt:RenewResponse>";
            }
            case "Unsubscribe" -> {
                subscriptions.remove(id);
                point.close();
                return "<wsnt:UnsubscribeResponse/>";
            }
            case "SetSynchronizationPoint" -> {
                messages.initial(now).forEach(n -> {
                    if (point.caller.sees(n.channel()) && s.topics.test(n.topic())) {
                        point.offer(n.xml());
                    }
                });
                return "<tev:SetSynchronizationPointResponse/>";
            }
            default -> throw SoapFault.notSupported(call.name());
        }
    }

    private static String times(long now, long until) {
        return "<wsnt:CurrentTime>" + Instant.ofEpochMilli(now) + "</wsnt:CurrentTime><wsnt:TerminationTime>"
                + Instant.ofEpochMilli(until) + "</wsnt:TerminationTime>";
    }

    /** A termination time, relative ({@code PT2M}) or absolute, capped at {@code max_subscription_time}. */
    private long termination(String asked, long now) throws SoapFault {
        long longest = settings.maxSubscriptionTime().toMillis();
        if (asked == null || asked.isEmpty()) {
            return now + Math.min(longest, DEFAULT_TERMINATION.toMillis());
        }
        long until;
        try {
            until = asked.startsWith("P") || asked.startsWith("-P")
                    ? now + Duration.parse(asked).toMillis()
                    : Instant.parse(asked).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw SoapFault.sender(
                    "wsnt:UnacceptableInitialTerminationTimeFault",
                    "the termination time '" + asked + "' is neither an xs:duration (PT2M) nor a UTC date-time");
        }
        if (until <= now) {
            throw SoapFault.sender(
                    "wsnt:UnacceptableInitialTerminationTimeFault", "the termination time '" + asked + "' is past");
        }
        return Math.min(until, now + longest);
    }

    private static long duration(String asked, long otherwise) throws SoapFault {
        if (asked == null || asked.isEmpty()) {
            return otherwise;
        }
        try {
            return Math.max(0, Duration.parse(asked).toMillis());
        } catch (DateTimeParseException e) {
            throw SoapFault.sender("ter:InvalidArgVal", "Timeout '" + asked + "' is not an xs:duration (PT5S)");
        }
    }

    private static long number(String asked, long otherwise) throws SoapFault {
        if (asked == null || asked.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(asked);
        } catch (NumberFormatException e) {
            throw SoapFault.sender("ter:InvalidArgVal", "MessageLimit '" + asked + "' is not a number");
        }
    }

    /** Subscriptions now, and those that expired, were refused or lost messages. */
    Map<String, Object> status() {
        long dropped = 0;
        for (Subscription s : subscriptions.values()) {
            dropped += s.point.dropped();
        }
        return Map.of(
                "subscriptions",
                subscriptions.size(),
                "expired",
                expired.sum(),
                "refused",
                refused.sum(),
                "dropped",
                dropped);
    }

    void close() {
        subscriptions.values().forEach(s -> s.point.close());
        subscriptions.clear();
    }
}
