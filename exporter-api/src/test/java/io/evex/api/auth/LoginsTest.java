package io.evex.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Basic and Digest checks computed the way a client computes them (RFC 2617). */
class LoginsTest {

    private static final String URI = "rtsp://127.0.0.1:8554/lobby";
    private static final String HERE = "127.0.0.1";

    private final Logins auth = Logins.parse("alice:s3cret; bob:pa:ss");

    @Test
    void aLoginIsNeededUnlessUsersIsNone() {
        assertFalse(Logins.of("none", null).required());
        assertEquals(Logins.Result.OK, Logins.of("none", null).check("DESCRIBE", URI, null, "lobby", HERE));
        IllegalArgumentException nobody = assertThrows(IllegalArgumentException.class, () -> Logins.of("", null));
        assertTrue(nobody.getMessage().contains("set users to none"), nobody.getMessage());
        Logins tokensOnly = Logins.of("", (token, channel) -> false);
        assertEquals(Logins.Result.MISSING, tokensOnly.check("DESCRIBE", URI, null, "lobby", HERE));
        assertEquals(
                List.of("Basic realm=\"Evex\""),
                tokensOnly.challenges(false, HERE),
                "a token is checked in Basic only");
    }

    @Test
    void anApiTokenIsAPasswordForTheChannelsItReaches() {
        Logins withTokens =
                Logins.of("alice:s3cret", (token, channel) -> token.equals("evx_c_lobby") && channel.equals("lobby"));
        assertEquals(
                Logins.Result.OK, withTokens.check("DESCRIBE", URI, basic("anyone", "evx_c_lobby"), "lobby", HERE));
        assertEquals(
                Logins.Result.WRONG, withTokens.check("DESCRIBE", URI, basic("anyone", "evx_c_lobby"), "yard", HERE));
        assertEquals(Logins.Result.OK, withTokens.check("DESCRIBE", URI, basic("alice", "s3cret"), "yard", HERE));
        assertEquals(2, withTokens.challenges(false, HERE).size(), "Digest for the users, Basic for tokens");
    }

    @Test
    void basicCredentialsAreChecked() {
        assertEquals(Logins.Result.MISSING, auth.check("DESCRIBE", URI, null, "lobby", HERE));
        assertEquals(Logins.Result.OK, auth.check("DESCRIBE", URI, basic("alice", "s3cret"), "lobby", HERE));
        assertEquals(
                Logins.Result.OK,
                auth.check("DESCRIBE", URI, basic("bob", "pa:ss"), "lobby", HERE),
                "a colon in a password");
        assertEquals(Logins.Result.WRONG, auth.check("DESCRIBE", URI, basic("alice", "wrong"), "lobby", HERE));
        assertEquals(Logins.Result.WRONG, auth.check("DESCRIBE", URI, basic("mallory", "s3cret"), "lobby", HERE));
        assertEquals(Logins.Result.WRONG, auth.check("DESCRIBE", URI, "Basic !!notbase64", "lobby", HERE));
    }

    @Test
    void digestResponsesWithAndWithoutQopAreChecked() {
        String nonce = nonceFromChallenge();
        String uri = URI;
        assertEquals(
                Logins.Result.OK,
                auth.check("DESCRIBE", URI, digest("alice", "s3cret", nonce, "DESCRIBE", uri, null), "lobby", HERE));
        assertEquals(
                Logins.Result.OK,
                auth.check("SETUP", URI, digest("alice", "s3cret", nonce, "SETUP", uri, "0a4f113b"), "lobby", HERE));
        assertEquals(
                Logins.Result.WRONG,
                auth.check("DESCRIBE", URI, digest("alice", "nope", nonce, "DESCRIBE", uri, null), "lobby", HERE));
        assertEquals(
                Logins.Result.WRONG,
                auth.check("PLAY", URI, digest("alice", "s3cret", nonce, "DESCRIBE", uri, null), "lobby", HERE),
                "a response for another method");
    }

    @Test
    void aNonceWeDidNotIssueIsRefused() {
        String forged = Long.toHexString(System.currentTimeMillis()) + "0123456789abcdef";
        assertEquals(Long.MAX_VALUE, Logins.nonceAge(forged, HERE));
        assertEquals(
                Logins.Result.STALE,
                auth.check("DESCRIBE", URI, digest("alice", "s3cret", forged, "DESCRIBE", URI, null), "lobby", HERE),
                "right password, unknown nonce: the client is asked again with a fresh one");
        assertTrue(Logins.nonceAge(Logins.nonce(HERE), HERE) < 5_000);
    }

    @Test
    void digestNamesTheResourceAskedForAndANonceCountIsTakenOnce() {
        String nonce = nonceFromChallenge();
        assertEquals(
                Logins.Result.WRONG,
                auth.check(
                        "DESCRIBE",
                        URI,
                        digest("alice", "s3cret", nonce, "DESCRIBE", "rtsp://127.0.0.1:8554/yard", null),
                        "lobby",
                        HERE),
                "a response computed for another stream");
        assertEquals(
                Logins.Result.OK,
                auth.check(
                        "DESCRIBE", "/lobby", digest("alice", "s3cret", nonce, "DESCRIBE", URI, null), "lobby", HERE),
                "the same path, written with or without scheme and host");
        String once = digest("alice", "s3cret", nonce, "DESCRIBE", URI, "c0ffee");
        assertEquals(Logins.Result.OK, auth.check("DESCRIBE", URI, once, "lobby", HERE));
        assertEquals(
                Logins.Result.WRONG, auth.check("DESCRIBE", URI, once, "lobby", HERE), "the same nc again: a replay");
        assertEquals(
                Logins.Result.STALE,
                auth.check(
                        "DESCRIBE", URI, digest("alice", "s3cret", nonce, "DESCRIBE", URI, null), "lobby", "10.0.0.9"),
                "a nonce made for another address is no good there");
        assertTrue(auth.challenges(false, HERE).get(0).contains("qop=\"auth\""));
    }

    @Test
    void challengesOfferDigestThenBasic() {
        List<String> c = auth.challenges(false, HERE);
        assertTrue(c.get(0).startsWith("Digest realm=\"Evex\", nonce=\""), c.get(0));
        assertTrue(c.get(1).startsWith("Basic realm="));
        assertTrue(auth.challenges(true, HERE).get(0).contains("stale=TRUE"));
    }

    @Test
    void aMalformedUsersEntryIsNamedByPositionNeverByContent() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Logins.parse("alice:pw;justapassword"));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("justapassword"), e.getMessage());
    }

    private static String nonceFromChallenge() {
        String digest = Logins.parse("a:b").challenges(false, HERE).get(0);
        int at = digest.indexOf("nonce=\"") + 7;
        return digest.substring(at, digest.indexOf('"', at));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String user, String password, String nonce, String method, String uri, String cnonce) {
        String ha1 = Logins.md5(user + ":Evex:" + password);
        String ha2 = Logins.md5(method + ":" + uri);
        if (cnonce == null) {
            return "Digest username=\"" + user + "\", realm=\"Evex\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", response=\"" + Logins.md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
        }
        String response = Logins.md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"Evex\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\", response=\"" + response + "\", algorithm=MD5";
    }
}
