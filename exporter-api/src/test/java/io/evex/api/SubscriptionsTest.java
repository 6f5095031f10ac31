package io.evex.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void cvediaStringsGroupVersionsNewestFirstAndDropZero() {
        Subscriptions s = Subscriptions.of("track:1", "track:2", "event-motion:1", "inference:0");
        assertEquals(Map.of("track", List.of(2, 1), "event-motion", List.of(1)), s.versionsByType());
        assertFalse(s.allTypes());
    }

    @Test
    void mapFormAcceptsSingleVersionsListsAndZero() throws Exception {
        Subscriptions s = Subscriptions.fromJson(
                mapper.readTree("{\"track\":[2,1],\"event-motion\":1,\"inference\":0,\"statistics\":[]}"), "");
        assertEquals(Map.of("track", List.of(2, 1), "event-motion", List.of(1)), s.versionsByType());
    }

    @Test
    void starMeansEveryType() {
        assertTrue(Subscriptions.of("*").allTypes());
        assertTrue(Subscriptions.NONE.isEmpty());
    }

    @Test
    void malformedEntriesAreRejectedWithTheEntry() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subscriptions.of("track"));
        assertTrue(e.getMessage().contains("'track' is not of the form"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Subscriptions.of("track:two"));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Subscriptions.fromJson(mapper.readTree("{\"track\":\"x\"}"), "events/"));
        assertTrue(e.getMessage().startsWith("events/track"), e.getMessage());
    }
}
