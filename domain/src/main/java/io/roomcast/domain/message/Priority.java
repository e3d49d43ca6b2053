package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Delivery priority, declared from least to most important so that {@link #compareTo} orders by
 * importance. Under overload the lowest levels are dropped first; {@link #CRITICAL} never is.
 */
public enum Priority {
    /** Entry notices, likes. */
    LOWEST,
    /** Public chat. */
    LOW,
    /** Ordinary gifts, PK progress. */
    NORMAL,
    /** High-value gifts, PK results. */
    HIGH,
    /** Moderation (kick, mute), system notices: never dropped by any rule. */
    CRITICAL;

    public boolean isAbove(Priority other) {
        return compareTo(other) > 0;
    }

    /** Parses a level name (case-insensitive); the error lists the valid values. */
    public static Priority parse(String text) {
        RoomcastException.required(text, "priority");
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RoomcastException.invalid("priority", "unknown value '" + text + "', valid values are "
                    + Arrays.toString(values()));
        }
    }
}
