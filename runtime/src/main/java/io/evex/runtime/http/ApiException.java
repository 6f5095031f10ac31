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

    public ApiException(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", message, field);
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

    /** The parameter or field at fault, or null. */
    public String field() {
        return field;
    }
}
