package io.roomcast.adapters.http;

/**
 * A failure that exists only in HTTP (unknown route, wrong method, wrong media type, body too
 * large while reading): its status and code are chosen where it is raised. Failures of the use
 * cases are {@link io.roomcast.domain.error.RoomcastException}s and get their status in
 * {@link Errors#status}.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String allow;

    private HttpProblem(int status, String code, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
    }

    static HttpProblem notFound(String path) {
        return new HttpProblem(404, "NOT_FOUND", "no such route: " + Errors.shorten(path), null);
    }

    static HttpProblem methodNotAllowed(String method, String allow) {
        return new HttpProblem(405, "METHOD_NOT_ALLOWED", "method " + Errors.shorten(method)
                + " is not allowed here; allowed: " + allow, allow);
    }

    /** A route this node does not serve as configured (404), with why. */
    static HttpProblem off(String message) {
        return new HttpProblem(404, "NOT_FOUND", message, null);
    }

    /** A cross-origin preflight from an origin that is not allowed (403). */
    static HttpProblem originNotAllowed(String origin) {
        return new HttpProblem(403, "FORBIDDEN", "origin " + Errors.shorten(origin)
                + " may not call this API from a browser (http.cors.origins)", null);
    }

    static HttpProblem unsupportedMediaType(String message) {
        return new HttpProblem(415, "UNSUPPORTED_MEDIA_TYPE", message, null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The {@code Allow} header of a 405, or null. */
    String allow() {
        return allow;
    }
}
