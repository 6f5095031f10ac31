package io.evex.api.history;

import java.util.List;

/**
 * One page of events, each as its JSON text, and the cursor of the next page (null when this is the
 * last one for now: asked again later, with the same cursor, it holds what arrived since).
 */
public record EventPage(List<String> events, String next) {

    public EventPage {
        events = List.copyOf(events);
    }
}
