package io.roomcast.domain.message;

import io.roomcast.domain.error.RoomcastException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A live room, e.g. {@code r1}. Validated: 1-64 characters of {@code [A-Za-z0-9_.-]}, and not one of
 * the {@link #RESERVED} names, which the stores use for other keys ({@code live::user::{userId}},
 * {@code live::idem::{key}}) and which a room's keys ({@code live::{roomId}::gift}) would collide with.
 */
public record RoomId(String value) {
    public static final Set<String> RESERVED = Set.of("user", "idem");

    public RoomId {
        Ids.check("roomId", value);
        if (RESERVED.contains(value)) {
            throw RoomcastException.invalid("roomId", "'" + value + "' is reserved; reserved names are "
                    + new TreeSet<>(RESERVED));
        }
    }

    public static RoomId of(String value) {
        return new RoomId(value);
    }

    /** Written out, not the record's generated one: a hot map key, and the generated method reaches the value through method handles the JIT does not always inline. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof RoomId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
