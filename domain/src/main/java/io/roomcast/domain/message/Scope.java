package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.util.Arrays;
import java.util.Locale;

/** Who a message is for: one user, every viewer of one room, or every viewer of every room. */
public enum Scope {
    UNICAST("user"),
    ROOM("room"),
    BROADCAST("broadcast");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the HTTP API: {@code user}, {@code room} or {@code broadcast}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses the API name (case-insensitive), also as answers spell it ({@code SCOPE_ROOM}, the
     * proto's enum name), so a message read from an answer can be published as it is; the error
     * lists the valid values.
     */
    public static Scope parse(String text) {
        RoomcastException.required(text, "scope");
        String lower = text.toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.wireName.equals(lower) || scope.name().toLowerCase(Locale.ROOT).equals(lower)
                    || lower.equals("scope_" + scope.wireName)) {
                return scope;
            }
        }
        throw RoomcastException.invalid("scope", "unknown value '" + text + "', valid values are "
                + Arrays.stream(values()).map(Scope::wireName).toList());
    }
}
