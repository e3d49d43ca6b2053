package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;

/** Shared validation of the textual identifiers: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
final class Ids {
    static final int MAX_LENGTH = 64;

    private Ids() {
    }

    static String check(String field, String value) {
        RoomcastException.required(value, field);
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw RoomcastException.invalid(field, "must be 1-" + MAX_LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                throw RoomcastException.invalid(field, "may hold only letters, digits, '_', '.' and '-'");
            }
        }
        return value;
    }
}
