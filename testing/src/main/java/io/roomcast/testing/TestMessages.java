package io.roomcast.testing;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message fixtures for every module but {@code domain} (which this module depends on, so it keeps
 * its own). Two families: unstored messages with unique ids, as a use case hands them to a store
 * ({@link #inRoom}, {@link #chat(RoomId, long)}, {@link #toUser}...), and fixed, realistic messages
 * for the wire formats ({@link #giftWorth(long)}, {@link #of}, all at {@link #NOW} in {@link #ROOM}).
 * Thread-safe.
 */
public final class TestMessages {
    public static final long NOW = 1_764_288_000_123L;
    public static final RoomId ROOM = RoomId.of("r10086");
    public static final String GIFT_PAYLOAD = "{\"giftId\":1001,\"giftName\":\"Rocket\",\"count\":1,\"combo\":3,"
            + "\"senderName\":\"Alice\",\"avatar\":\"https://cdn.example.com/a/88431.png\"}";

    private static final AtomicLong COUNTER = new AtomicLong();

    private TestMessages() {
    }

    public static RoomId room(String id) {
        return RoomId.of(id);
    }

    public static UserId user(String id) {
        return UserId.of(id);
    }

    /** A room message of {@code category} at {@code priority}, created at {@code createdAt}. */
    public static Message inRoom(RoomId room, Category category, Priority priority, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("m" + n), Scope.ROOM, room, null, category, priority, UserId.of("u" + (n % 97)),
                0, Payload.json("{\"n\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message chat(RoomId room, long createdAt) {
        return inRoom(room, Category.CHAT, Priority.LOW, createdAt);
    }

    public static Message giftWorth(RoomId room, long value, Priority priority, long createdAt) {
        Message m = inRoom(room, Category.GIFT, priority, createdAt);
        return new Message(m.id(), m.scope(), m.roomId(), null, m.category(), m.priority(), m.sender(), value,
                Payload.json("{\"gift\":\"rocket\",\"value\":" + value + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message critical(RoomId room, long createdAt) {
        return inRoom(room, Category.NOTIFY, Priority.CRITICAL, createdAt);
    }

    /** A PK state message for {@code key} at {@code version}. */
    public static Message state(RoomId room, String key, long version, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("s" + n), Scope.ROOM, room, null, Category.PK, Priority.NORMAL, null, 0,
                Payload.json("{\"score\":" + version + "}"), createdAt, 0, StateKey.of(key), version, null, null);
    }

    public static Message toUser(UserId user, long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("p" + n), Scope.UNICAST, null, user, Category.NOTIFY, Priority.HIGH, null, 0,
                Payload.json("{\"dm\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message broadcast(long createdAt) {
        long n = COUNTER.incrementAndGet();
        return new Message(MessageId.of("b" + n), Scope.BROADCAST, null, null, Category.NOTIFY, Priority.HIGH, null, 0,
                Payload.json("{\"all\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    public static Message withKey(Message m, String key) {
        return new Message(m.id(), m.scope(), m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), m.payload(), m.createdAt(), m.sentAt(), m.stateKey(), m.version(),
                IdempotencyKey.of(key), m.position());
    }

    public static Message withBinaryPayload(Message m, byte[] bytes) {
        return new Message(m.id(), m.scope(), m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), Payload.binary(bytes), m.createdAt(), m.sentAt(), m.stateKey(), m.version(),
                m.idempotencyKey(), m.position());
    }

    /** A stored, delivered gift in {@link #ROOM} as a gift service would publish it. */
    public static Message giftWorth(long coins) {
        return new Message(MessageId.of("19ac8e0f27b4f3a9c2d1e07b55a"), Scope.ROOM, ROOM, null, Category.GIFT,
                Priority.HIGH, UserId.of("u88431"), coins, Payload.json(GIFT_PAYLOAD), NOW, NOW + 480,
                null, 0, IdempotencyKey.of("gift-88431-000917"), new Position(NOW, 4_211_337));
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
                stored ? new Position(NOW, 99) : null);
    }

    /** A state message in {@link #ROOM} of {@code key} at {@code version}, stored at {@code seq}. */
    public static Message state(String key, long version, long seq) {
        return new Message(MessageId.of("st-" + key + "-" + version), Scope.ROOM, ROOM, null, Category.PK,
                Priority.NORMAL, null, 0, Payload.json("{\"v\":" + version + "}"), NOW + seq, 0,
                StateKey.of(key), version, null, new Position(NOW + seq, seq));
    }
}
