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
    /**
     * Recently made ids, one per slot (by hash; a newer id takes its slot's place). Shared by all
     * threads without a lock on purpose: a slot holds null or a whole immutable id (final fields,
     * safely published), and a lost write only costs an id made twice.
     */
    private static final RoomId[] RECENT = new RoomId[8192];

    public RoomId {
        Ids.check("roomId", value);
        if (RESERVED.contains(value)) {
            throw RoomcastException.invalid("roomId", "'" + value + "' is reserved; reserved names are "
                    + new TreeSet<>(RESERVED));
        }
    }

    /**
     * The room {@code value}: the same instance as the last one made for it, when it is still in
     * {@link #RECENT}. Every message of a room then shares one id: validated and hashed once, and
     * equal by identity in the store's and the push path's maps ({@code equals} fell from 10% to 1%
     * of the Chronicle writer's samples; no change in accepted messages a second was resolvable).
     */
    public static RoomId of(String value) {
        if (value == null) {
            return new RoomId(null);
        }
        int hash = value.hashCode();
        int slot = (hash ^ hash >>> 16) & (RECENT.length - 1);
        RoomId recent = RECENT[slot];
        if (recent != null && recent.value.equals(value)) {
            return recent;
        }
        RoomId made = new RoomId(value);
        RECENT[slot] = made;
        return made;
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
