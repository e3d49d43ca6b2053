package io.roomcast.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.SkipCounts;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for any valid domain message, block and skip counts. */
public final class MessageArbitraries {
    private static final Gson GSON = new Gson();

    private MessageArbitraries() {
    }

    /** Identifiers as the domain allows them: 1-64 of {@code [A-Za-z0-9_.-]}. */
    public static Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('_', '.', '-').ofMinLength(1).ofMaxLength(64);
    }

    public static Arbitrary<Long> nonNegativeLongs() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    /** Any text, including control characters, quotes, non-BMP characters and lone surrogates. */
    public static Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(40);
    }

    /** Compact JSON (as the publish path stores it), empty JSON, or binary bytes. */
    public static Arbitrary<Payload> payloads() {
        Arbitrary<Payload> json = Combinators.combine(anyText().filter(MessageArbitraries::wellFormed),
                        Arbitraries.longs(), Arbitraries.of(true, false))
                .as((text, number, flag) -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("text", text);
                    o.addProperty("n", number);
                    o.addProperty("flag", flag);
                    return Payload.json(GSON.toJson(o));
                });
        Arbitrary<Payload> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Payload::binary);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, json),
                net.jqwik.api.Tuple.of(3, binary),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Payload.emptyJson())));
    }

    /** Any message the domain accepts. */
    public static Arbitrary<Message> messages() {
        Arbitrary<Message> head = Combinators.combine(ids(), Arbitraries.of(Scope.class), ids(), ids(),
                        Arbitraries.of(Category.class), Arbitraries.of(Priority.class), ids().injectNull(0.3),
                        nonNegativeLongs().edgeCases(e -> e.add(0L)))
                .as((id, scope, room, user, category, priority, sender, gift) -> new Message(MessageId.of(id), scope,
                        scope == Scope.ROOM ? RoomId.of(room) : null,
                        scope == Scope.UNICAST ? UserId.of(user) : null,
                        category, priority, sender == null ? null : UserId.of(sender), gift, Payload.emptyJson(),
                        0, 0, null, 0, null, null));
        return Combinators.combine(head, payloads(), nonNegativeLongs(), nonNegativeLongs(), ids().injectNull(0.5),
                        nonNegativeLongs(), ids().injectNull(0.7), positions().injectNull(0.3))
                .as((m, payload, created, sent, stateKey, version, key, position) -> new Message(m.id(), m.scope(),
                        m.roomId(), m.recipient(), m.category(), m.priority(), m.sender(), m.giftValue(), payload,
                        created, sent, stateKey == null ? null : StateKey.of(stateKey),
                        stateKey == null ? 0 : version, key == null ? null : IdempotencyKey.of(key), position));
    }

    /** A message's position in its family (the wire carries no epoch). */
    public static Arbitrary<Position> positions() {
        return Combinators.combine(nonNegativeLongs(), nonNegativeLongs()).as(Position::new);
    }

    /** A viewer's cursor: a part (epoch, seq) per family. */
    public static Arbitrary<Cursor> cursors() {
        Arbitrary<Long> epochs = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, Cursor.MAX_EPOCH));
        Arbitrary<Cursor.Part> parts = Combinators.combine(epochs, nonNegativeLongs()).as(Cursor.Part::new);
        return Combinators.combine(parts, parts).as(Cursor::new);
    }

    public static Arbitrary<SkipCounts> skipCounts() {
        Arbitrary<Integer> counts = Arbitraries.integers().between(0, Integer.MAX_VALUE / 4);
        return Combinators.combine(counts, counts, counts, counts).as(SkipCounts::new);
    }

    /** Blocks of a room (or of broadcasts) holding that room's messages and any others. */
    public static Arbitrary<Block> blocks() {
        return Combinators.combine(ids().injectNull(0.2), cursors().injectNull(0.1), nonNegativeLongs(),
                        messages().list().ofMaxSize(8), skipCounts())
                .as((room, through, sentAt, entries, skipped) -> new Block(
                        new BlockHeader(room == null ? null : RoomId.of(room), through, sentAt),
                        // Most room entries are of the header's room (room_id left out); some of others (kept).
                        entries.stream().map(m -> room != null && m.scope() == Scope.ROOM && (m.id().hashCode() & 3) != 0
                                        ? inRoom(m, RoomId.of(room)) : m)
                                .toList(),
                        skipped));
    }

    private static Message inRoom(Message m, RoomId room) {
        return new Message(m.id(), m.scope(), room, m.recipient(), m.category(), m.priority(), m.sender(),
                m.giftValue(), m.payload(), m.createdAt(), m.sentAt(), m.stateKey(), m.version(), m.idempotencyKey(),
                m.position());
    }

    /** True when the text has no lone surrogate (which has no UTF-8 form and cannot round-trip as text). */
    public static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
