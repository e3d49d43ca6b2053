package io.roomcast.domain.message;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A message's unique id, made by roomcast when it accepts a publish: 11 hex digits of the epoch
 * millisecond and 16 random hex digits, so ids sort roughly by time and never collide in practice.
 */
public record MessageId(String value) {
    public MessageId {
        Ids.check("id", value);
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A new id for a message accepted at {@code nowMillis}. */
    public static MessageId generate(long nowMillis) {
        long random = ThreadLocalRandom.current().nextLong();
        return new MessageId(String.format("%011x%016x", nowMillis & 0xFFF_FFFF_FFFFL, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
