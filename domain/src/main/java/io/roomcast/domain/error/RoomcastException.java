package io.roomcast.domain.error;

import java.util.Objects;

/**
 * A real failure, carrying the {@link ErrorCode} that adapters map to their protocol. Expected
 * "no" answers (discarded, stale, over budget) are values, never this exception.
 */
public class RoomcastException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public RoomcastException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public RoomcastException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** A bad value from outside: {@code field} names what the caller sent. */
    public static RoomcastException invalid(String field, String problem) {
        return new RoomcastException(ErrorCode.INVALID_ARGUMENT, field + ": " + problem);
    }

    /** Throws {@link #invalid} when {@code value} is null, so bad input never becomes an NPE. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }
}
