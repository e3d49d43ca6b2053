package io.roomcast.domain.error;

/**
 * Categories of real failures. Adapters translate each to an HTTP status or a TCP error frame;
 * the domain and the application never know about either.
 */
public enum ErrorCode {
    /** A value from outside is malformed or out of range (HTTP 400). */
    INVALID_ARGUMENT,
    /** A cursor that cannot be parsed (HTTP 400). */
    INVALID_CURSOR,
    /** A payload or body over its size limit (HTTP 413). */
    TOO_LARGE,
    /** Missing or bad credentials (HTTP 401). */
    UNAUTHENTICATED,
    /** Credentials valid but not allowed to do this (HTTP 403). */
    FORBIDDEN,
    /** Over a rate or connection limit (HTTP 429). */
    RATE_LIMITED,
    /** The message store cannot be reached (HTTP 503). */
    STORE_UNAVAILABLE,
    /** A bug or an unexpected state (HTTP 500). */
    INTERNAL
}
