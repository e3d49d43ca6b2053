package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.util.Arrays;
import java.util.Locale;

/** The business kind of a message: the seed's four sorted sets per room. */
public enum Category {
    GIFT,
    CHAT,
    NOTIFY,
    PK;

    /** The lower-case name used in storage keys, e.g. {@code live::r1::gift}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a category name (case-insensitive); the error lists the valid values. */
    public static Category parse(String text) {
        RoomcastException.required(text, "category");
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RoomcastException.invalid("category", "unknown value '" + text + "', valid values are "
                    + Arrays.toString(values()));
        }
    }
}
