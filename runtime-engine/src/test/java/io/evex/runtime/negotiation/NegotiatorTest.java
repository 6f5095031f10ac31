package io.evex.runtime.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.Subscriptions;
import io.evex.schemas.EventCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegotiatorTest {

    private final Negotiator negotiator = new Negotiator(EventCatalog.load());

    @Test
    void highestCommonVersionWins() throws Exception {
        assertEquals(Map.of("track", 3), negotiator.negotiate("x", Subscriptions.of("track:1", "track:3", "track:4")));
        assertEquals(Map.of("track", 2), negotiator.negotiate("x", Subscriptions.of("track:1", "track:2", "track:9")));
        assertEquals(Map.of("track", 1), negotiator.negotiate("x", Subscriptions.of("track:1")));
        assertEquals(List.of(1, 2, 3), negotiator.producible().get("track"));
    }

    @Test
    void everyTypeAtItsNewestVersionForTheWildcard() throws Exception {
        Map<String, Integer> all = negotiator.negotiate("x", Subscriptions.of("*", "track:1"));
        assertEquals(1, all.get("track"), "an explicit entry overrides the wildcard");
        assertEquals(1, all.get("event-motion"));
        assertEquals(EventCatalog.load().versionsByType().keySet(), all.keySet());
    }

    @Test
    void aWildcardWithATypeAtVersionZeroMeansEveryTypeButThatOne() throws Exception {
        Subscriptions cvedia = Subscriptions.fromJson(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"*\": 1, \"track\": 0}"), "events: ");
        Map<String, Integer> got = negotiator.negotiate("x", cvedia);
        assertTrue(!got.containsKey("track") && got.containsKey("event-motion"), got.toString());
        assertEquals(EventCatalog.load().versionsByType().size() - 1, got.size());
        assertEquals(
                Map.of("event-motion", 1),
                negotiator.negotiate("x", Subscriptions.of("event-motion:1", "track:0")),
                "without the wildcard a 0 only means not subscribed");
        assertEquals(
                EventCatalog.load().versionsByType().size() - 1,
                negotiator.negotiate("x", Subscriptions.of("*", "track:0")).size());
    }

    @Test
    void noCommonVersionRefusesWithTypeAskedAndAvailable() {
        NegotiationException e = assertThrows(
                NegotiationException.class,
                () -> negotiator.negotiate("old-vms", Subscriptions.of("track:8", "track:9", "event-motion:1")));
        assertEquals(
                "exporter 'old-vms' refused: event type 'track': asked for version(s) [9, 8], Evex produces [1, 2, 3]",
                e.getMessage());
    }

    @Test
    void unknownTypeRefusesAndListsKnownTypes() {
        NegotiationException e = assertThrows(
                NegotiationException.class, () -> negotiator.negotiate("typo", Subscriptions.of("trakc:1")));
        assertTrue(
                e.getMessage().contains("event type 'trakc' does not exist (known types: metadata,"), e.getMessage());
    }
}
