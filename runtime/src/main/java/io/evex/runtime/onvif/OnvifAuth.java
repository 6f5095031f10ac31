package io.evex.runtime.onvif;

import io.evex.api.auth.Logins;
import io.evex.runtime.http.Access;
import io.evex.runtime.http.Auth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * Who sent an ONVIF request. Two ways in, as ONVIF's core specification has them: a WS-Security
 * UsernameToken in the SOAP header (password digest, or plain text) and HTTP Digest (or Basic). The
 * users are those of the {@code rtsp} exporters, so a VMS logs in once for streams and services; an
 * API token is a password too, for the channels it reaches, where the scheme sends the password
 * itself (plain-text token, Basic), since the runtime keeps only a token's hash. Only
 * {@code GetSystemDateAndTime} is answered without a login: clients need the device's clock to
 * make a digest. Failed logins count towards the API's per-address throttle.
 */
final class OnvifAuth {

    /** How far a digest's {@code Created} may be from this clock. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private static final int REMEMBERED_NONCES = 10_000;
    private static final String DIGEST_TYPE = "#PasswordDigest";

    private final Auth api;
    private final Supplier<List<Logins>> logins;
    /** Digest nonces taken within the skew window: a captured header is not taken twice. */
    private final Map<String, Long> nonces = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_NONCES || eldest.getValue() < System.currentTimeMillis() - 2 * SKEW.toMillis();
        }
    };

    OnvifAuth(Auth api, Supplier<List<Logins>> logins) {
        this.api = api;
        this.logins = logins;
    }

    /**
     * Who may ask: the channels they see, null for every one.
     *
     * @param name who it is, for the log (a user's name, "token", "anonymous")
     */
    record Caller(String name, Set<String> channels) {

        static final Caller ANONYMOUS = new Caller("anonymous", Set.of());

        boolean sees(String channel) {
            return channels == null || channels.contains(channel);
        }
    }

    /** A request turned away: its HTTP status, the challenges to send, and why. */
    static final class Refused extends Exception {
        final int status;
        final List<String> challenges;
        final long retryAfter;

        Refused(int status, List<String> challenges, long retryAfter, String why) {
            super(why, null, false, false);
            this.status = status;
            this.challenges = challenges;
            this.retryAfter = retryAfter;
        }
    }

    /**
     * Checks a request.
     *
     * @param method the HTTP method (HTTP Digest hashes it)
     * @param authorization the HTTP {@code Authorization} header, or null
     * @param uri the request's path (HTTP Digest's {@code uri} must name it)
     * @param address the client's IP address
     */
    Caller check(SoapRequest request, String method, String authorization, String uri, String address) throws Refused {
        if (api.open()) {
            return new Caller("anyone (http.auth: none)", null);
        }
        Element token = usernameToken(request);
        boolean sent = token != null || (authorization != null && !authorization.isBlank());
        if (!sent) {
            if (request != null && request.name().equals("GetSystemDateAndTime")) {
                return Caller.ANONYMOUS;
            }
            throw new Refused(401, challenges(false, address), 0, "this needs a login");
        }
        long wait = api.throttle().retryAfterSeconds(address);
        if (wait > 0) {
            throw new Refused(
                    429, List.of(), wait, "too many wrong logins from this address; try again in " + wait + " s");
        }
        Caller caller = token != null ? wsSecurity(token) : http(method, authorization, uri, address);
        if (caller == null) {
            api.throttle().failed(address);
            throw token != null
                    ? new Refused(400, List.of(), 0, "the UsernameToken's user name or password is wrong")
                    : new Refused(401, challenges(false, address), 0, "wrong user name or password");
        }
        return caller;
    }

    private static Element usernameToken(SoapRequest request) {
        if (request == null || request.header() == null) {
            return null;
        }
        return Xml.child(Xml.child(request.header(), "Security"), "UsernameToken");
    }

    /** A WS-Security UsernameToken (OASIS Username Token Profile 1.0): null when it does not hold. */
    private Caller wsSecurity(Element token) throws Refused {
        String user = Xml.text(token, "Username");
        Element password = Xml.child(token, "Password");
        if (user == null || password == null) {
            return null;
        }
        String value = password.getTextContent().trim();
        if (!password.getAttribute("Type").endsWith(DIGEST_TYPE)) {
            return plain(user, value);
        }
        String nonce = Xml.text(token, "Nonce");
        String created = Xml.text(token, "Created");
        if (nonce == null || created == null) {
            return null;
        }
        Instant at;
        byte[] nonceBytes;
        try {
            at = Instant.parse(created);
            nonceBytes = Base64.getDecoder().decode(nonce);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
        if (Duration.between(at, Instant.now()).abs().compareTo(SKEW) > 0) {
            throw new Refused(
                    400,
                    List.of(),
                    0,
                    "the UsernameToken was created at " + created + ", over " + SKEW.toMinutes()
                            + " minutes from this device's clock (ask GetSystemDateAndTime)");
        }
        for (Logins l : logins.get()) {
            if (l.proves(user, p -> same(digest(nonceBytes, created, p), value))) {
                return fresh(nonce + "|" + created) ? new Caller(user, null) : null;
            }
        }
        return null;
    }

    /** A password sent as it is (UsernameToken text, HTTP Basic): a user's, or an API token. */
    private Caller plain(String user, String password) {
        for (Logins l : logins.get()) {
            if (l.proves(user, p -> same(p, password))) {
                return new Caller(user, null);
            }
        }
        Access access = api.tokens().authenticate(password);
        if (access == null) {
            return null;
        }
        Set<String> channels = api.channels(access);
        return new Caller("token", channels == null ? null : Set.copyOf(channels));
    }

    private Caller http(String method, String authorization, String uri, String address) throws Refused {
        String header = authorization.trim();
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : plain(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        if (!header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        for (Logins l : logins.get()) {
            if (l.userCount() == 0) {
                continue;
            }
            Logins.Result r = l.check(method, uri, header, "", address);
            if (r == Logins.Result.OK) {
                return new Caller(digestUser(header), null);
            }
            if (r == Logins.Result.STALE) {
                throw new Refused(401, challenges(true, address), 0, "the nonce is stale");
            }
        }
        return null;
    }

    private static String digestUser(String header) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("username=\"([^\"]*)\"").matcher(header);
        return m.find() ? m.group(1) : "user";
    }

    /** Digest first (from the first exporter with users), then Basic. */
    private List<String> challenges(boolean stale, String address) {
        for (Logins l : logins.get()) {
            if (l.userCount() > 0) {
                return l.challenges(stale, address);
            }
        }
        return List.of("Basic realm=\"" + Logins.REALM + "\"");
    }

    private synchronized boolean fresh(String nonce) {
        return nonces.putIfAbsent(nonce, System.currentTimeMillis()) == null;
    }

    /** Base64(SHA-1(nonce + created + password)), the UsernameToken profile's digest. */
    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
