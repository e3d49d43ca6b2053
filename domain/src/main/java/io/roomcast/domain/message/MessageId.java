package io.roomcast.domain.message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message's unique id, made by roomcast when it accepts a publish: 11 hex digits of the epoch
 * millisecond and 16 random hex digits, so ids sort roughly by time and never collide in practice.
 */
public record MessageId(String value) {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    public MessageId {
        Ids.check("id", value);
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A new id for a message accepted at {@code nowMillis}. */
    public static MessageId generate(long nowMillis) {
        byte[] hex = new byte[27];
        putHex(hex, 0, 11, nowMillis & 0xFFF_FFFF_FFFFL);
        putHex(hex, 11, 16, ThreadLocalRandom.current().nextLong());
        return new MessageId(new String(hex, StandardCharsets.ISO_8859_1));
    }

    /** {@code digits} lowercase hex digits of {@code value}'s low bits, zero-padded (String.format cost ~1 µs). */
    private static void putHex(byte[] into, int at, int digits, long value) {
        for (int i = at + digits - 1; i >= at; i--) {
            into[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
