package io.roomcast.domain.message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message's unique id, made by roomcast when it accepts a publish: 11 hex digits of the epoch
 * millisecond and 16 random hex digits, so ids sort roughly by time and never collide in practice.
 */
public record MessageId(String value) {
    private static final int TIME_DIGITS = 11;
    private static final int RANDOM_DIGITS = 16;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    public MessageId {
        Ids.check("id", value);
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A new id for a message accepted at {@code nowMillis}. */
    public static MessageId generate(long nowMillis) {
        // Written into one array, last digit first (one id per published message: no temporary strings).
        byte[] text = new byte[TIME_DIGITS + RANDOM_DIGITS];
        long time = nowMillis;
        for (int i = TIME_DIGITS - 1; i >= 0; i--) {
            text[i] = HEX_DIGITS[(int) time & 0xF];
            time >>>= 4;
        }
        long random = ThreadLocalRandom.current().nextLong();
        for (int i = text.length - 1; i >= TIME_DIGITS; i--) {
            text[i] = HEX_DIGITS[(int) random & 0xF];
            random >>>= 4;
        }
        return new MessageId(new String(text, StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return value;
    }
}
