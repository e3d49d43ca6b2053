package io.roomcast.client;

import java.io.IOException;

/** An HTTP answer from roomcast other than 200: the status and the error body's code and message. */
public final class RoomcastHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public RoomcastHttpException(int status, String code, String message) {
        super("HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message));
        this.status = status;
        this.code = code;
    }

    /** The HTTP status, e.g. 401. */
    public int status() {
        return status;
    }

    /** The error body's code, e.g. {@code UNAUTHENTICATED}; empty when the body had none. */
    public String code() {
        return code;
    }
}
