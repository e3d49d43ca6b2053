package io.roomcast.protocol;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;

/** Fixtures: realistic messages of every shape. */
public final class TestMessages {
    public static final long NOW = 1_764_288_000_123L;
    public static final RoomId ROOM = RoomId.of("r10086");
    public static final String GIFT_PAYLOAD = "{\"giftId\":1001,\"giftName\":\"Rocket\",\"count\":1,\"combo\":3,"
            + "\"senderName\":\"Alice\",\"avatar\":\"https://cdn.example.com/a/88431.png\"}";

    private TestMessages() {
    }

    /** A stored, delivered gift in {@link #ROOM} as a gift service would publish it. */
    public static Message giftWorth(long coins) {
        return new Message(MessageId.of("19ac8e0f27b4f3a9c2d1e07b55a"), Scope.ROOM, ROOM, null, Category.GIFT,
                Priority.HIGH, UserId.of("u88431"), coins, Payload.json(GIFT_PAYLOAD), NOW, NOW + 480,
                null, 0, IdempotencyKey.of("gift-88431-000917"), new Cursor(NOW, 4_211_337));
    }

    /** A not yet stored chat line in {@code room}. */
    public static Message chat(RoomId room, String text) {
        return new Message(MessageId.generate(NOW), Scope.ROOM, room, null, Category.CHAT, Priority.LOW,
                UserId.of("u7"), 0, Payload.json("{\"text\":\"" + text + "\"}"), NOW, 0, null, 0, null, null);
    }

    /** A message of the given shape: every scope, with or without state, JSON or binary, stored or not. */
    public static Message of(Scope scope, boolean state, boolean binary, boolean stored) {
        Payload payload = binary ? Payload.binary(new byte[] {0, 1, 2, (byte) 0xFF, (byte) 0x80, '"', '\\'})
                : Payload.json("{\"score\":[3,5],\"note\":\"caf\u00e9 \ud83d\ude00 \\\"q\\\"\"}");
        return new Message(MessageId.of("m-" + scope.ordinal() + (state ? "s" : "") + (binary ? "b" : "")),
                scope,
                scope == Scope.ROOM ? ROOM : null,
                scope == Scope.UNICAST ? UserId.of("viewer_42") : null,
                state ? Category.PK : Category.NOTIFY,
                state ? Priority.NORMAL : Priority.CRITICAL,
                scope == Scope.BROADCAST ? null : UserId.of("sys.bot"),
                0,
                payload,
                NOW,
                stored ? NOW + 3 : 0,
                state ? StateKey.of("pk.score") : null,
                state ? 7 : 0,
                null,
                stored ? new Cursor(NOW, 99) : null);
    }

    /** A state message of {@code key} at {@code version}, stored at {@code seq}. */
    public static Message state(String key, long version, long seq) {
        return new Message(MessageId.of("st-" + key + "-" + version), Scope.ROOM, ROOM, null, Category.PK,
                Priority.NORMAL, null, 0, Payload.json("{\"v\":" + version + "}"), NOW + seq, 0,
                StateKey.of(key), version, null, new Cursor(NOW + seq, seq));
    }
}
