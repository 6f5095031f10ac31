package io.evex.runtime.http;

/**
 * A request the API refuses, with the status code, a stable code word, a sentence for people and,
 * when one parameter or field is to blame, its name. Sent as
 * {@code {"error": {"status", "code", "message", "field"}}}; never a stack trace.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final java.util.Map<String, String> problems;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, java.util.Map.of(), 0);
    }

    private ApiException(
            int status,
            String code,
            String message,
            String field,
            java.util.Map<String, String> problems,
            long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.problems = problems;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 (this client or token asks too much) or 503 (the server is full), to try again after a while. */
    public static ApiException busy(int status, String code, String message, long retryAfterSeconds) {
        return new ApiException(status, code, message, null, java.util.Map.of(), retryAfterSeconds);
    }

    /** The {@code Retry-After} to send, in seconds, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * A body with several wrong fields (a form): 400, every problem by its field (a JSON pointer into
     * the body; "" for the whole of it), the first as the message and field.
     */
    public static ApiException invalid(java.util.Map<String, String> byField) {
        var first = byField.entrySet().iterator().next();
        return new ApiException(
                400,
                "invalid",
                first.getValue(),
                first.getKey().isEmpty() ? "body" : first.getKey(),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byField)),
                0);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", message, field);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(
                401, "unauthorized", "a valid token is needed: Authorization: Bearer <token> or ?token=", null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Every field at fault with its problem (empty unless made by {@link #invalid}). */
    public java.util.Map<String, String> problems() {
        return problems;
    }

    /** The parameter or field at fault, or null. */
    public String field() {
        return field;
    }
}
