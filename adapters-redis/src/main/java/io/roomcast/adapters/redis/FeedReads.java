package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.List;

/**
 * A feed's reads: one script call per family (the room's streams in the room's slot, the
 * broadcasts and the user's own in the platform's), each stream's answer decoded (what does not
 * decode is reported and skipped by {@link ValueReader}), stamped with its family's epoch, and the
 * streams merged by {@link FeedMerge}, as the other stores do. Arguments are checked by the store.
 * Thread-safe.
 */
final class FeedReads {
    private final StoreScripts scripts;
    private final ValueReader values;

    FeedReads(StoreScripts scripts, ValueReader values) {
        this.scripts = scripts;
        this.values = values;
    }

    /** Up to {@code max} messages of {@code feed} after {@code after}, in Message.ORDER, with gap and truncation. */
    ReadResult since(Feed feed, Cursor after, int max) {
        List<FeedMerge.StreamRead> reads = new ArrayList<>(6);
        for (Family family : Family.values()) {
            since(feed, family, after.part(family), max, reads);
        }
        return FeedMerge.since(reads, after, max);
    }

    private void since(Feed feed, Family family, Cursor.Part after, int max, List<FeedMerge.StreamRead> reads) {
        List<StreamKey> streams = streams(feed, family);
        RoomId tag = family == Family.ROOM ? feed.room() : null;
        byte[] trim = bytes(RedisKeys.trim(tag));
        byte[] head = bytes(RedisKeys.head(tag));
        byte[][] keys = new byte[streams.size() + 2][];
        for (int i = 0; i < streams.size(); i++) {
            keys[i] = bytes(RedisKeys.stream(streams.get(i)));
        }
        keys[streams.size()] = trim;
        keys[streams.size() + 1] = head;
        List<Object> reply = scripts.readSince(keys, after, max);
        List<?> top = (List<?>) reply.get(0);
        long epoch = StoreScripts.epoch(top.get(0));
        boolean otherEpoch = (Long) top.get(2) == 1L;
        long afterSeq = otherEpoch ? 0 : after.seq();
        for (int i = 0; i < streams.size(); i++) {
            String name = RedisKeys.stream(streams.get(i));
            List<?> part = (List<?>) reply.get(i + 1);
            Position floor = values.position(RedisKeys.trim(tag) + " field " + name, (byte[]) part.get(1));
            boolean gap = otherEpoch || (afterSeq > 0 && floor != null && floor.seq() > afterSeq);
            StreamPage page = page(name, part, afterSeq, epoch);
            // A truncated page whose members all failed to decode (values forged to pass the script's
            // check) cannot bound the merge, and the merge would skip what follows: read on past them.
            while (page.truncated() && page.messages().isEmpty() && page.last() != null) {
                List<Object> again = scripts.readSince(new byte[][] {keys[i], trim, head},
                        new Cursor.Part(after.epoch(), page.last().seq()), max);
                page = page(name, (List<?>) again.get(1), page.last().seq(), epoch);
            }
            reads.add(new FeedMerge.StreamRead(page.messages(), page.truncated(), gap));
        }
    }

    /** The newest {@code max} messages of {@code feed}, in Message.ORDER; its cursor is the families' heads. */
    ReadResult latest(Feed feed, int max) {
        List<FeedMerge.StreamRead> reads = new ArrayList<>(6);
        Cursor.Part[] heads = new Cursor.Part[2];
        for (Family family : Family.values()) {
            List<StreamKey> streams = streams(feed, family);
            RoomId tag = family == Family.ROOM ? feed.room() : null;
            byte[][] keys = new byte[streams.size() + 1][];
            for (int i = 0; i < streams.size(); i++) {
                keys[i] = bytes(RedisKeys.stream(streams.get(i)));
            }
            keys[streams.size()] = bytes(RedisKeys.head(tag));
            List<Object> reply = scripts.readLatest(keys, max);
            List<?> top = (List<?>) reply.get(0);
            long epoch = StoreScripts.epoch(top.get(0));
            heads[family.ordinal()] = new Cursor.Part(epoch, (Long) top.get(1));
            for (int i = 0; i < streams.size(); i++) {
                String name = RedisKeys.stream(streams.get(i));
                List<?> part = (List<?>) reply.get(i + 1);
                values.reportSkipped(name, (Long) part.get(0));
                List<Message> newestFirst = values.decodeMembers(name, part.subList(1, part.size()));
                List<Message> messages = new ArrayList<>(newestFirst.size());
                for (int j = newestFirst.size() - 1; j >= 0; j--) {
                    messages.add(stamped(newestFirst.get(j), epoch));
                }
                reads.add(new FeedMerge.StreamRead(messages, false, false));
            }
        }
        return FeedMerge.latest(reads, max, new Cursor(heads[0], heads[1]));
    }

    /** Closes the slice {@code [from, to)} of {@code room}'s guest feed in both families and reads it. */
    SliceRead slice(RoomId room, long from, long to, int max) {
        Feed feed = Feed.guest(room);
        List<Message> found = new ArrayList<>();
        boolean truncated = false;
        for (Family family : Family.values()) {
            List<StreamKey> streams = streams(feed, family);
            RoomId tag = family == Family.ROOM ? room : null;
            byte[][] keys = new byte[streams.size() + 2][];
            for (int i = 0; i < streams.size(); i++) {
                keys[i] = bytes(RedisKeys.stream(streams.get(i)));
            }
            keys[streams.size()] = bytes(RedisKeys.trim(tag));
            keys[streams.size() + 1] = bytes(RedisKeys.head(tag));
            List<Object> reply = scripts.closeSlice(keys, from, to, max);
            List<?> top = (List<?>) reply.get(0);
            if ((Long) top.get(0) == 1L) {
                return SliceRead.GONE;
            }
            long epoch = StoreScripts.epoch(top.get(1));
            for (int i = 0; i < streams.size(); i++) {
                String name = RedisKeys.stream(streams.get(i));
                List<?> part = (List<?>) reply.get(i + 1);
                truncated |= (Long) part.get(0) == 1L;
                values.reportSkipped(name, (Long) part.get(1));
                for (Message m : values.decodeMembers(name, part.subList(2, part.size()))) {
                    found.add(stamped(m, epoch));
                }
            }
        }
        return FeedMerge.slice(found, truncated, max);
    }

    private static List<StreamKey> streams(Feed feed, Family family) {
        List<StreamKey> all = StreamKey.of(feed);
        List<StreamKey> mine = new ArrayList<>(all.size());
        for (StreamKey key : all) {
            if (key.family() == family) {
                mine.add(key);
            }
        }
        return mine;
    }

    static Message stamped(Message m, long epoch) {
        return m.position().epoch() == epoch ? m : m.storedAt(m.position().inEpoch(epoch));
    }

    /** One stream's answer from read-since.lua, its members decoded. */
    private record StreamPage(List<Message> messages, boolean truncated, Position last) {
    }

    private StreamPage page(String name, List<?> part, long afterSeq, long epoch) {
        values.reportSkipped(name, (Long) part.get(2));
        Position last = values.position(name, (byte[]) part.get(3));
        List<Message> decoded = values.decodeMembers(name, part.subList(4, part.size()));
        List<Message> messages = new ArrayList<>(decoded.size());
        for (Message m : decoded) {
            // Only a member copied in from elsewhere, its position out of order, could land before the cursor.
            if (m.position().seq() > afterSeq) {
                messages.add(stamped(m, epoch));
            }
        }
        return new StreamPage(messages, (Long) part.get(0) == 1L, last);
    }
}
