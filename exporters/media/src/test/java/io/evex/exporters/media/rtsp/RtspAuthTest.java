package io.evex.exporters.media.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Basic and Digest checks computed the way a client computes them (RFC 2617). */
class RtspAuthTest {

    private final RtspAuth auth = RtspAuth.parse("alice:s3cret; bob:pa:ss");

    @Test
    void aLoginIsNeededUnlessUsersIsNone() {
        assertFalse(RtspAuth.of("none", null).required());
        assertEquals(RtspAuth.Result.OK, RtspAuth.of("none", null).check("DESCRIBE", null, "lobby"));
        IllegalArgumentException nobody = assertThrows(IllegalArgumentException.class, () -> RtspAuth.of("", null));
        assertTrue(nobody.getMessage().contains("set users to none"), nobody.getMessage());
        RtspAuth tokensOnly = RtspAuth.of("", (token, channel) -> false);
        assertEquals(RtspAuth.Result.MISSING, tokensOnly.check("DESCRIBE", null, "lobby"));
        assertEquals(List.of("Basic realm=\"Evex\""), tokensOnly.challenges(false), "a token is checked in Basic only");
    }

    @Test
    void anApiTokenIsAPasswordForTheChannelsItReaches() {
        RtspAuth withTokens =
                RtspAuth.of("alice:s3cret", (token, channel) -> token.equals("evx_c_lobby") && channel.equals("lobby"));
        assertEquals(RtspAuth.Result.OK, withTokens.check("DESCRIBE", basic("anyone", "evx_c_lobby"), "lobby"));
        assertEquals(RtspAuth.Result.WRONG, withTokens.check("DESCRIBE", basic("anyone", "evx_c_lobby"), "yard"));
        assertEquals(RtspAuth.Result.OK, withTokens.check("DESCRIBE", basic("alice", "s3cret"), "yard"));
        assertEquals(2, withTokens.challenges(false).size(), "Digest for the users, Basic for tokens");
    }

    @Test
    void basicCredentialsAreChecked() {
        assertEquals(RtspAuth.Result.MISSING, auth.check("DESCRIBE", null, "lobby"));
        assertEquals(RtspAuth.Result.OK, auth.check("DESCRIBE", basic("alice", "s3cret"), "lobby"));
        assertEquals(
                RtspAuth.Result.OK, auth.check("DESCRIBE", basic("bob", "pa:ss"), "lobby"), "a colon in a password");
        assertEquals(RtspAuth.Result.WRONG, auth.check("DESCRIBE", basic("alice", "wrong"), "lobby"));
        assertEquals(RtspAuth.Result.WRONG, auth.check("DESCRIBE", basic("mallory", "s3cret"), "lobby"));
        assertEquals(RtspAuth.Result.WRONG, auth.check("DESCRIBE", "Basic !!notbase64", "lobby"));
    }

    @Test
    void digestResponsesWithAndWithoutQopAreChecked() {
        String nonce = nonceFromChallenge();
        String uri = "rtsp://127.0.0.1:8554/lobby";
        assertEquals(
                RtspAuth.Result.OK,
                auth.check("DESCRIBE", digest("alice", "s3cret", nonce, "DESCRIBE", uri, null), "lobby"));
        assertEquals(
                RtspAuth.Result.OK,
                auth.check("SETUP", digest("alice", "s3cret", nonce, "SETUP", uri, "0a4f113b"), "lobby"));
        assertEquals(
                RtspAuth.Result.WRONG,
                auth.check("DESCRIBE", digest("alice", "nope", nonce, "DESCRIBE", uri, null), "lobby"));
        assertEquals(
                RtspAuth.Result.WRONG,
                auth.check("PLAY", digest("alice", "s3cret", nonce, "DESCRIBE", uri, null), "lobby"),
                "a response for another method");
    }

    @Test
    void aNonceWeDidNotIssueIsRefused() {
        String forged = Long.toHexString(System.currentTimeMillis()) + "0123456789abcdef";
        assertEquals(Long.MAX_VALUE, RtspAuth.nonceAge(forged));
        assertEquals(
                RtspAuth.Result.STALE,
                auth.check("DESCRIBE", digest("alice", "s3cret", forged, "DESCRIBE", "rtsp://h/x", null), "lobby"),
                "right password, unknown nonce: the client is asked again with a fresh one");
        assertTrue(RtspAuth.nonceAge(RtspAuth.nonce()) < 5_000);
    }

    @Test
    void challengesOfferDigestThenBasic() {
        List<String> c = auth.challenges(false);
        assertTrue(c.get(0).startsWith("Digest realm=\"Evex\", nonce=\""), c.get(0));
        assertTrue(c.get(1).startsWith("Basic realm="));
        assertTrue(auth.challenges(true).get(0).contains("stale=TRUE"));
    }

    @Test
    void aMalformedUsersEntryIsNamedByPositionNeverByContent() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RtspAuth.parse("alice:pw;justapassword"));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("justapassword"), e.getMessage());
    }

    private static String nonceFromChallenge() {
        String digest = RtspAuth.parse("a:b").challenges(false).get(0);
        int at = digest.indexOf("nonce=\"") + 7;
        return digest.substring(at, digest.indexOf('"', at));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String user, String password, String nonce, String method, String uri, String cnonce) {
        String ha1 = RtspAuth.md5(user + ":Evex:" + password);
        String ha2 = RtspAuth.md5(method + ":" + uri);
        if (cnonce == null) {
            return "Digest username=\"" + user + "\", realm=\"Evex\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + RtspAuth.md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
        }
        String response = RtspAuth.md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"Evex\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\"" + response + "\", algorithm=MD5";
    }
}
