package io.evex.runtime.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.auth.Logins;
import io.evex.runtime.http.Auth;
import io.evex.runtime.http.TokenStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnvifAuthTest {

    private static final String ADMIN = "onvif-admin-token-0123456789";

    @TempDir
    Path dir;

    private OnvifAuth auth() {
        Auth api = new Auth(new TokenStore(dir, ADMIN), group -> Set.of());
        return new OnvifAuth(api, () -> List.of(Logins.parse("vms:s3cret")));
    }

    private static SoapRequest request(String header, String operation) throws SoapFault {
        String xml = "<s:Envelope xmlns:s=\"" + Soap.ENVELOPE + "\"><s:Header>" + header + "</s:Header><s:Body>"
                + operation + "</s:Body></s:Envelope>";
        return SoapRequest.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(String user, String password, String type, String nonce, String created) {
        return "<Security xmlns=\"" + Soap.SECURITY + "\"><UsernameToken><Username>" + user + "</Username>"
                + "<Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#"
                + type + "\">" + password + "</Password>"
                + (nonce == null ? "" : "<Nonce>" + nonce + "</Nonce><Created>" + created + "</Created>")
                + "</UsernameToken></Security>";
    }

    private static String digest(String user, String password, byte[] nonce, String created) {
        return token(
                user,
                OnvifAuth.digest(nonce, created, password),
                "PasswordDigest",
                Base64.getEncoder().encodeToString(nonce),
                created);
    }

    private static final String PROFILES = "<GetProfiles xmlns=\"" + Soap.MEDIA + "\"/>";

    @Test
    void aPasswordDigestIsTakenOnceAndOnlyNearThisClock() throws Exception {
        OnvifAuth auth = auth();
        String now = Instant.now().toString();
        SoapRequest ok = request(digest("vms", "s3cret", new byte[] {1, 2, 3, 4}, now), PROFILES);
        OnvifAuth.Caller caller = auth.check(ok, "POST", null, "/onvif/media_service", "10.0.0.1");
        assertEquals("vms", caller.name());
        assertNull(caller.channels(), "a user of the RTSP server sees every channel");
        OnvifAuth.Refused replay = assertThrows(
                OnvifAuth.Refused.class, () -> auth.check(ok, "POST", null, "/onvif/media_service", "10.0.0.1"));
        assertEquals(400, replay.status);
        String old = Instant.now().minusSeconds(600).toString();
        OnvifAuth.Refused stale = assertThrows(
                OnvifAuth.Refused.class,
                () -> auth.check(
                        request(digest("vms", "s3cret", new byte[] {5}, old), PROFILES),
                        "POST",
                        null,
                        "/",
                        "10.0.0.1"));
        assertTrue(stale.getMessage().contains("GetSystemDateAndTime"), stale.getMessage());
        assertThrows(
                OnvifAuth.Refused.class,
                () -> auth.check(
                        request(digest("vms", "wrong", new byte[] {6}, now), PROFILES), "POST", null, "/", "10.0.0.2"));
    }

    @Test
    void anApiTokenIsAPlainTextPasswordForTheChannelsItReaches() throws Exception {
        OnvifAuth auth = auth();
        OnvifAuth.Caller admin = auth.check(
                request(token("anyone", ADMIN, "PasswordText", null, null), PROFILES), "POST", null, "/", "10.0.0.3");
        assertEquals("token", admin.name());
        assertNull(admin.channels());
        String basic = "Basic " + Base64.getEncoder().encodeToString(("x:" + ADMIN).getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "token",
                auth.check(null, "GET", basic, "/onvif/snapshot/lobby", "10.0.0.3")
                        .name());
    }

    @Test
    void withoutALoginOnlyTheClockIsAnswered() throws Exception {
        OnvifAuth auth = auth();
        assertEquals(
                OnvifAuth.Caller.ANONYMOUS,
                auth.check(
                        request("", "<GetSystemDateAndTime xmlns=\"" + Soap.DEVICE + "\"/>"),
                        "POST",
                        null,
                        "/",
                        "10.0.0.4"));
        OnvifAuth.Refused none = assertThrows(
                OnvifAuth.Refused.class, () -> auth.check(request("", PROFILES), "POST", null, "/", "10.0.0.4"));
        assertEquals(401, none.status);
        assertTrue(none.challenges.get(0).startsWith("Digest realm=\"Evex\""), none.challenges.toString());
    }

    @Test
    void wrongLoginsFromOneAddressAreThrottled() throws Exception {
        OnvifAuth auth = auth();
        String wrong = "Basic " + Base64.getEncoder().encodeToString("vms:nope".getBytes(StandardCharsets.UTF_8));
        OnvifAuth.Refused last = null;
        for (int i = 0; i < 12; i++) {
            last = assertThrows(
                    OnvifAuth.Refused.class, () -> auth.check(request("", PROFILES), "POST", wrong, "/", "10.0.0.5"));
        }
        assertEquals(429, last.status);
        assertTrue(last.retryAfter > 0);
    }
}
