package io.evex.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.evex.runtime.http.Access.Permission;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry and what survives a restart, on a clock the test moves. */
class TokenStoreTest {

    @TempDir
    Path state;

    @Test
    void tokensEndWhenTheyExpireWithTheChannelTokensDerivedFromThem() {
        AtomicLong now = new AtomicLong(1_000_000);
        TokenStore store = new TokenStore(state, "admin-token-0123456789", now::get);
        String group = store.newGroupToken("g1", Set.of(Permission.VIEW, Permission.EVENTS), now.get() + 60_000);
        String channel = store.channelToken("g1", "lobby");
        String viewer = store.newViewer("wall", now.get() + 30_000).getValue();
        assertEquals(Access.of("g1", null, Set.of(Permission.VIEW, Permission.EVENTS)), store.authenticate(group));
        assertEquals(Access.of("g1", "lobby", Set.of(Permission.VIEW, Permission.EVENTS)), store.authenticate(channel));
        assertEquals(Access.VIEWER, store.authenticate(viewer));

        now.addAndGet(30_000);
        assertNull(store.authenticate(viewer), "the viewer token lasted 30 s");
        assertEquals(Access.Role.GROUP, store.authenticate(group).role());

        TokenStore restarted = new TokenStore(state, "admin-token-0123456789", now::get);
        assertEquals(Access.Role.CHANNEL, restarted.authenticate(channel).role(), "kept across a restart");
        now.addAndGet(30_000);
        assertNull(restarted.authenticate(group), "the group token lasted 60 s");
        assertNull(restarted.authenticate(channel), "and its channel tokens with it");
        assertEquals(Access.ADMIN, restarted.authenticate("admin-token-0123456789"));
    }

    @Test
    void aForgedOrTamperedChannelTokenIsRefused() {
        TokenStore store = new TokenStore(state, null);
        store.newGroupToken("g1", Access.VIEW_ONLY, 0);
        String token = store.channelToken("g1", "lobby");
        String other = token.replace("g1.", "g2.");
        assertNull(store.authenticate(other));
        assertNull(store.authenticate(token.substring(0, token.length() - 2) + "AA"));
        assertNull(new TokenStore(state.resolve("elsewhere"), null).authenticate(token), "signed by another secret");
    }
}
