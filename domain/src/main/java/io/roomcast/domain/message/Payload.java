package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The business server's opaque content: JSON text (the usual case) or raw bytes. roomcast never
 * looks inside; the bytes are copied in and out so a payload cannot change after it is built.
 */
public final class Payload {
    private static final Payload EMPTY_JSON = new Payload(new byte[0], true);

    private final byte[] bytes;
    private final boolean json;

    private Payload(byte[] bytes, boolean json) {
        this.bytes = bytes;
        this.json = json;
    }

    /** JSON text as UTF-8 bytes; the caller (an adapter) has already checked it is JSON. */
    public static Payload json(byte[] utf8) {
        RoomcastException.required(utf8, "payload");
        return utf8.length == 0 ? EMPTY_JSON : new Payload(utf8.clone(), true);
    }

    public static Payload json(String text) {
        RoomcastException.required(text, "payload");
        return new Payload(text.getBytes(StandardCharsets.UTF_8), true);
    }

    public static Payload binary(byte[] bytes) {
        RoomcastException.required(bytes, "payload");
        return new Payload(bytes.clone(), false);
    }

    public static Payload emptyJson() {
        return EMPTY_JSON;
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** A read-only view of the bytes, without copying: for encoders on the hot path. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Copies the bytes into {@code target} at {@code offset}, without an intermediate copy. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    public int size() {
        return bytes.length;
    }

    public boolean isJson() {
        return json;
    }

    /** The payload as UTF-8 text; meaningful for JSON payloads. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload other && json == other.json && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + (json ? 1 : 0);
    }

    @Override
    public String toString() {
        return json ? text() : "binary[" + bytes.length + "]";
    }
}
