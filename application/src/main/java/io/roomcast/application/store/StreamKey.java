package io.roomcast.application.store;

import io.roomcast.application.port.out.Feed;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of the log: a category of one room, one user's unicast messages, or the broadcasts.
 * Retention applies per stream. Stores may use {@link #name()} in their keys and file names.
 */
public record StreamKey(RoomId room, Category category, UserId user) {

    public static final StreamKey BROADCAST = new StreamKey(null, null, null);

    public static StreamKey of(Message message) {
        return switch (message.scope()) {
            case ROOM -> new StreamKey(message.roomId(), message.category(), null);
            case UNICAST -> new StreamKey(null, null, message.recipient());
            case BROADCAST -> BROADCAST;
        };
    }

    /** Every stream a viewer of {@code feed} reads: the room's four categories, broadcasts, the user's own. */
    public static List<StreamKey> of(Feed feed) {
        List<StreamKey> keys = new ArrayList<>(6);
        for (Category category : Category.values()) {
            keys.add(new StreamKey(feed.room(), category, null));
        }
        keys.add(BROADCAST);
        if (feed.user() != null) {
            keys.add(new StreamKey(null, null, feed.user()));
        }
        return keys;
    }

    /** The sequence this stream's messages are positioned in: its room's, or the platform's. */
    public Family family() {
        return room != null ? Family.ROOM : Family.PLATFORM;
    }

    /** The seed's name: {@code live::{roomId}::gift}, {@code live::user::{userId}}, {@code live::broadcast}. */
    public String name() {
        if (room != null) {
            return "live::" + room.value() + "::" + category.key();
        }
        return user != null ? "live::user::" + user.value() : "live::broadcast";
    }

    @Override
    public String toString() {
        return name();
    }
}
