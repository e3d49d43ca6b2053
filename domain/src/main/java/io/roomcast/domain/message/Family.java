package io.roomcast.domain.message;

/**
 * The sequence a message is positioned in. {@code ROOM}: one sequence per room, for the room's
 * messages. {@code PLATFORM}: one sequence for the whole platform, for broadcasts and unicast
 * messages. Each family is a total order; there is no order across families but
 * {@link Message#ORDER}, which every block and poll answer follows.
 */
public enum Family {
    ROOM,
    PLATFORM
}
