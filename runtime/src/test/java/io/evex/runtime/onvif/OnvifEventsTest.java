package io.evex.runtime.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evex.api.onvif.OnvifNotifications;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OnvifEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode event(String type, String channel, String field, String rule, String track) {
        ObjectNode e = JSON.createObjectNode()
                .put("$id", type)
                .put("channel", channel)
                .put("system_timestamp", System.currentTimeMillis());
        if (field != null) {
            e.put(field, rule);
        }
        return track == null ? e : e.put("tracking_id", track);
    }

    @Test
    void aZoneIsOccupiedUntilItsLastObjectLeaves() {
        OnvifNotifications m = new OnvifNotifications();
        assertTrue(m.of(event("event-area-enter", "lobby", "zone", "door", "t-1"))
                .get(0)
                .message()
                .contains("Value=\"true\""));
        assertTrue(m.of(event("event-area-enter", "lobby", "zone", "door", "t-2"))
                .get(0)
                .message()
                .contains("Value=\"true\""));
        OnvifNotifications.Notification one =
                m.of(event("event-area-exit", "lobby", "zone", "door", "t-1")).get(0);
        assertTrue(one.message().contains("Name=\"IsInside\" Value=\"true\""), "t-2 is still inside");
        assertEquals(OnvifNotifications.OBJECTS_INSIDE, one.topic());
        OnvifNotifications.Notification none =
                m.of(event("event-area-exit", "lobby", "zone", "door", "t-2")).get(0);
        assertTrue(none.message().contains("Name=\"IsInside\" Value=\"false\""), none.message());
        assertTrue(none.message().contains("Name=\"Rule\" Value=\"door\""));
        // A new subscription starts with the state.
        assertTrue(
                m.initial(System.currentTimeMillis()).get(0).message().contains("PropertyOperation=\"Initialized\""));
    }

    @Test
    void motionIsOnePropertyThatGoesFalseOnceTheChannelIsQuiet() {
        OnvifNotifications m = new OnvifNotifications();
        assertEquals(1, m.of(event("event-motion", "yard", null, null, null)).size());
        assertEquals(0, m.of(event("event-motion", "yard", null, null, null)).size(), "still true: not said again");
        long now = System.currentTimeMillis();
        assertEquals(List.of(), m.quiet(now));
        List<OnvifNotifications.Notification> quiet = m.quiet(now + OnvifNotifications.MOTION_QUIET_MS + 1);
        assertEquals(1, quiet.size());
        assertTrue(quiet.get(0).message().contains("Name=\"State\" Value=\"false\""));
        assertEquals(1, m.of(event("event-motion", "yard", null, null, null)).size(), "motion again");
    }

    @Test
    void lineCrossingsNameTheLineAndAnIntegerObjectId() {
        OnvifNotifications.Notification n = new OnvifNotifications()
                .of(event("event-line-crossing", "lobby", "line", "middle", "t-42"))
                .get(0);
        assertEquals(OnvifNotifications.CROSSED, n.topic());
        assertTrue(n.message().contains("Name=\"ObjectId\" Value=\"42\""), n.message());
        assertTrue(n.message().contains("Name=\"Rule\" Value=\"middle\""));
        assertEquals(
                OnvifNotifications.objectId("from-an-ai-server"), OnvifNotifications.objectId("from-an-ai-server"));
        assertTrue(Long.parseLong(OnvifNotifications.objectId("from-an-ai-server")) >= 0);
        assertEquals(List.of(), new OnvifNotifications().of(event("track", "lobby", null, null, "t-1")));
    }

    @Test
    void aFullQueueDropsItsOldestAndANewerPullEndsTheOlderOne() throws Exception {
        PullPoint p = new PullPoint("x", OnvifAuth.Caller.ANONYMOUS, 2, Long.MAX_VALUE);
        p.offer("a");
        p.offer("b");
        p.offer("c");
        assertEquals(1, p.dropped());
        assertEquals(List.of("b", "c"), p.pull(10, 0));
        List<List<String>> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread waiting = new Thread(() -> {
            try {
                first.add(p.pull(10, 30_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        io.evex.runtime.testing.Waits.until(
                "the first pull to wait",
                Duration.ofSeconds(5),
                () -> waiting.getState() == Thread.State.TIMED_WAITING);
        Thread second = new Thread(() -> {
            try {
                p.pull(10, 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        waiting.join(5_000);
        assertEquals(List.of(List.of()), first, "the older pull returned, empty, within seconds");
        second.join();
    }

    private static Call call(String body, OnvifAuth.Caller caller) throws SoapFault {
        String xml = "<s:Envelope xmlns:s=\"" + Soap.ENVELOPE + "\"><s:Body>" + body + "</s:Body></s:Envelope>";
        return new Call(
                SoapRequest.read(xml.getBytes(StandardCharsets.UTF_8)), caller, "http://127.0.0.1:1", "127.0.0.1");
    }

    private static String idOf(String created) {
        int at = created.indexOf(EventService.SUBSCRIPTION_PATH) + EventService.SUBSCRIPTION_PATH.length();
        return created.substring(at, created.indexOf('<', at));
    }

    @Test
    void subscriptionsAreBoundedFilteredByTopicAndChannelAndExpire() throws Exception {
        OnvifSettings settings = new OnvifSettings(true, "Evex", "", 2, 16, Duration.ofSeconds(1));
        EventService events = new EventService(settings);
        OnvifAuth.Caller lobbyOnly = new OnvifAuth.Caller("token", Set.of("lobby"));
        String crossedOnly = "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS + "\"><Filter><TopicExpression"
                + " xmlns=\"" + Soap.NOTIFICATION + "\">tns1:RuleEngine/LineDetector/Crossed</TopicExpression></Filter>"
                + "<InitialTerminationTime>PT10M</InitialTerminationTime></CreatePullPointSubscription>";
        String a = idOf(events.answer(call(crossedOnly, lobbyOnly)));
        String b = idOf(events.answer(call(
                "<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS
                        + "\"><InitialTerminationTime>PT0.2S</InitialTerminationTime></CreatePullPointSubscription>",
                lobbyOnly)));
        SoapFault full = assertThrows(
                SoapFault.class,
                () -> events.answer(call("<CreatePullPointSubscription xmlns=\"" + Soap.EVENTS + "\"/>", lobbyOnly)));
        assertTrue(full.getMessage().contains("onvif.max_subscriptions"), full.getMessage());

        events.seen(event("event-line-crossing", "yard", "line", "gate", "t-1")); // a channel it does not see
        events.seen(event("event-area-enter", "lobby", "zone", "door", "t-2")); // a topic it did not ask for
        events.seen(event("event-line-crossing", "lobby", "line", "middle", "t-3"));
        String pulled = events.answer(
                a,
                call(
                        "<PullMessages xmlns=\"" + Soap.EVENTS + "\"><Timeout>PT0S</Timeout>"
                                + "<MessageLimit>10</MessageLimit></PullMessages>",
                        lobbyOnly));
        assertEquals(1, pulled.split("<wsnt:NotificationMessage>").length - 1, pulled);
        assertTrue(pulled.contains("Value=\"middle\""), pulled);
        // Another caller cannot use the subscription, whatever it knows of its address.
        assertThrows(
                SoapFault.class,
                () -> events.answer(
                        a,
                        call(
                                "<Unsubscribe xmlns=\"" + Soap.NOTIFICATION + "\"/>",
                                new OnvifAuth.Caller("someone", null))));

        io.evex.runtime.testing.Waits.until("the short subscription to expire", Duration.ofSeconds(5), () -> {
            events.tick();
            return events.status().get("expired").equals(1L);
        });
        SoapFault gone = assertThrows(
                SoapFault.class,
                () -> events.answer(
                        b,
                        call(
                                "<PullMessages xmlns=\"" + Soap.EVENTS + "\"><Timeout>PT0S</Timeout></PullMessages>",
                                lobbyOnly)));
        assertTrue(gone.getMessage().contains("expired"), gone.getMessage());
        String renewed = events.answer(
                a,
                call(
                        "<Renew xmlns=\"" + Soap.NOTIFICATION + "\"><TerminationTime>PT1H"
                                + "</TerminationTime></Renew>",
                        lobbyOnly));
        assertTrue(renewed.contains("RenewResponse"), renewed);
        events.close();
    }
}
