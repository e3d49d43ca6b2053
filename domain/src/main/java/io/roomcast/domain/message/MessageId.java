package io.roomcast.domain.message;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A message's unique id, made by roomcast when it accepts a publish: 11 hex digits of the epoch
 * millisecond and 16 random hex digits, so ids sort roughly by time and never collide in practice.
 */
public record MessageId(String value) {
    private static final HexFormat HEX = HexFormat.of();

    public MessageId {
        Ids.check("id", value);
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A new id for a message accepted at {@code nowMillis}. */
    public static MessageId generate(long nowMillis) {
        // 16 digits of the masked millis start with 5 zeros: the last 11 are the time part.
        return new MessageId(HEX.toHexDigits(nowMillis & 0xFFF_FFFF_FFFFL).substring(5)
                + HEX.toHexDigits(ThreadLocalRandom.current().nextLong()));
    }

    @Override
    public String toString() {
        return value;
    }
}
