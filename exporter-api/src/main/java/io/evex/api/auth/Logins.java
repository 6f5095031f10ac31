package io.evex.api.auth;

import io.evex.api.TokenCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Basic and Digest (MD5, RFC 2617) authentication against the users of a stream's configuration,
 * and Basic with an API token as the password (any user name): the token must reach the stream's
 * channel. Nonces are time stamps signed together with the client's address, so none need
 * remembering, a stale one is recognised, and a captured header cannot be replayed from elsewhere;
 * Digest's {@code uri} must name the resource asked for, and with {@code qop=auth} each nonce count
 * ({@code nc}) is taken once, increasing.
 * Digest is offered first when there are users: it never sends the password, and FFmpeg, GStreamer
 * and VLC all speak it; a token can only be checked in Basic, as the runtime keeps only its hash.
 * Serving without a login is said explicitly ({@code users: none}). Passwords and Authorization
 * headers are never logged or echoed.
 */
public final class Logins {

    public static final String REALM = "Evex";
    private static final long NONCE_LIFETIME_MS = 600_000;
    private static final int COUNTED_NONCES = 10_000;
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");
    private static final byte[] KEY = key();

    private final Map<String, String> users;
    private final TokenCheck tokens;
    private final boolean open;
    /** The highest {@code nc} taken per nonce (qop=auth), the oldest nonces forgotten first. */
    private final Map<String, Long> counts = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > COUNTED_NONCES;
        }
    };

    /** {@code users: none}: every request is let in. */
    public static final Logins NONE = new Logins(Map.of(), null, true);

    public Logins(Map<String, String> users) {
        this(users, null, false);
    }

    private Logins(Map<String, String> users, TokenCheck tokens, boolean open) {
        this.users = Map.copyOf(users);
        this.tokens = tokens;
        this.open = open;
    }

    /**
     * {@code none}: no login; else {@code name:password;...} and, when the runtime serves its API,
     * its tokens.
     *
     * @throws IllegalArgumentException when nobody could ever log in (no users, no API)
     */
    public static Logins of(String spec, TokenCheck tokens) {
        if (spec.trim().equals("none")) {
            return NONE;
        }
        Logins users = parse(spec);
        if (users.users.isEmpty() && tokens == null) {
            throw new IllegalArgumentException(
                    "users: nobody could log in: give users (name:password;...), turn the HTTP"
                            + " API on (its tokens are accepted as passwords), or set users to none to serve without a login");
        }
        return new Logins(users.users, tokens, false);
    }

    /**
     * Reads {@code name:password;name:password}. The message of a malformed entry names its position,
     * never its content.
     */
    public static Logins parse(String spec) {
        Map<String, String> users = new LinkedHashMap<>();
        String[] entries = spec.split(";");
        for (int i = 0; i < entries.length; i++) {
            String e = entries[i].trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException(
                        "users: entry " + (i + 1) + " is not name:password (entries are separated by ';')");
            }
            users.put(e.substring(0, colon), e.substring(colon + 1));
        }
        return new Logins(users);
    }

    public boolean required() {
        return !open;
    }

    /**
     * Whether {@code user} is one of the configured users and {@code proof} accepts their password:
     * for schemes that hash the password with values of their own (a WS-Security UsernameToken's
     * digest), so that no caller needs the list of passwords.
     */
    public boolean proves(String user, java.util.function.Predicate<String> proof) {
        String password = user == null ? null : users.get(user);
        return password != null && proof.test(password);
    }

    /** Whether API tokens are accepted as passwords. */
    public boolean takesTokens() {
        return tokens != null;
    }

    public int userCount() {
        return users.size();
    }

    /** The outcome of checking a request. */
    public enum Result {
        OK,
        MISSING,
        WRONG,
        STALE
    }

    /**
     * Checks a request's {@code Authorization} header (null when absent) for a stream of {@code
     * channel}, asked for as {@code uri} by a client at {@code address}.
     */
    public Result check(String method, String uri, String authorization, String channel, String address) {
        if (!required()) {
            return Result.OK;
        }
        if (authorization == null || authorization.isBlank()) {
            return Result.MISSING;
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String rest = space < 0 ? "" : header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(rest, channel);
        }
        if (scheme.equalsIgnoreCase("Digest")) {
            return digest(method, uri, rest, address);
        }
        return Result.WRONG;
    }

    private Result basic(String token, String channel) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Result.WRONG;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Result.WRONG;
        }
        String password = decoded.substring(colon + 1);
        String expected = users.get(decoded.substring(0, colon));
        if (expected != null && same(expected, password)) {
            return Result.OK;
        }
        return tokens != null && tokens.reaches(password, channel) ? Result.OK : Result.WRONG;
    }

    private Result digest(String method, String requestUri, String params, String address) {
        Map<String, String> p = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(params);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        String user = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        String password = user == null ? null : users.get(user);
        if (password == null || nonce == null || uri == null || response == null || !sameResource(uri, requestUri)) {
            return Result.WRONG;
        }
        String ha1 = md5(user + ":" + p.getOrDefault("realm", REALM) + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String qop = p.get("qop");
        String expected = qop == null
                ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + qop + ":" + ha2);
        if (!same(expected, response.toLowerCase(java.util.Locale.ROOT))) {
            return Result.WRONG;
        }
        if (nonceAge(nonce, address) > NONCE_LIFETIME_MS) {
            return Result.STALE; // old, not ours (a restart) or made for another address: ask again
        }
        return qop == null || taken(nonce, p.get("nc")) ? Result.OK : Result.WRONG;
    }

    /** Takes nonce count {@code nc} of {@code nonce}: false for one taken before (a replay). */
    private synchronized boolean taken(String nonce, String nc) {
        long count;
        try {
            count = Long.parseLong(nc == null ? "" : nc, 16);
        } catch (NumberFormatException e) {
            return false;
        }
        Long last = counts.get(nonce);
        if (last != null && count <= last) {
            return false;
        }
        counts.put(nonce, count);
        return true;
    }

    /** Whether Digest's {@code uri} names what the request line asks for (whole URL or path alike). */
    public static boolean sameResource(String digestUri, String requestUri) {
        return digestUri.equals(requestUri) || path(digestUri).equals(path(requestUri));
    }

    private static String path(String uri) {
        String rest = uri.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "");
        return rest.isEmpty() ? "/" : rest;
    }

    /** The challenges of a 401 answer to {@code address}: Digest first (when there are users), then Basic. */
    public List<String> challenges(boolean stale, String address) {
        if (users.isEmpty()) {
            return List.of("Basic realm=\"" + REALM + "\"");
        }
        return List.of(
                "Digest realm=\"" + REALM + "\", nonce=\"" + nonce(address) + "\", algorithm=MD5, qop=\"auth\""
                        + (stale ? ", stale=TRUE" : ""),
                "Basic realm=\"" + REALM + "\"");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** A nonce for {@code address}: the time, signed with the address. */
    public static String nonce(String address) {
        String time = Long.toHexString(System.currentTimeMillis());
        return time + sign(time + "|" + address);
    }

    /**
     * Milliseconds since a nonce of ours was made for {@code address}; {@code Long.MAX_VALUE} for one
     * we did not make, or made for another address.
     */
    public static long nonceAge(String nonce, String address) {
        if (nonce.length() <= 16) {
            return Long.MAX_VALUE;
        }
        String time = nonce.substring(0, nonce.length() - 16);
        if (!same(sign(time + "|" + address), nonce.substring(nonce.length() - 16))) {
            return Long.MAX_VALUE;
        }
        try {
            return System.currentTimeMillis() - Long.parseLong(time, 16);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)), 0, 8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    public static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
