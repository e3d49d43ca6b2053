package io.roomcast.adapters.redis;

import static io.roomcast.adapters.redis.RedisKeys.bytes;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.store.FeedMerge;
import io.roomcast.application.store.StreamKey;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A feed's reads: every stream of the feed in one script call, each stream's answer decoded (what
 * does not decode is reported and skipped by {@link ValueReader}) and the streams merged by
 * {@link FeedMerge}, as the other stores do. Arguments are checked by the store. Thread-safe.
 */
final class FeedReads {
    private final StoreScripts scripts;
    private final ValueReader values;

    FeedReads(StoreScripts scripts, ValueReader values) {
        this.scripts = scripts;
        this.values = values;
    }

    /** Up to {@code max} messages of {@code feed} after {@code after}, in position order, with gap and truncation. */
    ReadResult since(Feed feed, Cursor after, int max) {
        List<StreamKey> streams = StreamKey.of(feed);
        byte[][] keys = new byte[streams.size() + 1][];
        for (int i = 0; i < streams.size(); i++) {
            keys[i] = bytes(RedisKeys.stream(streams.get(i)));
        }
        keys[streams.size()] = bytes(RedisKeys.TRIM);
        List<Object> reply = scripts.readSince(keys, after, max);
        List<FeedMerge.StreamRead> reads = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            String name = RedisKeys.stream(streams.get(i));
            List<?> part = (List<?>) reply.get(i);
            Cursor floor = values.position(RedisKeys.TRIM + " field " + name, (byte[]) part.get(1));
            boolean gap = !after.equals(Cursor.ORIGIN) && floor != null && floor.isAfter(after);
            StreamPage page = page(name, part, after);
            // A truncated page whose members all failed to decode (values forged to pass the script's
            // check) cannot bound the merge, and the merge would skip what follows: read on past them.
            while (page.truncated() && page.messages().isEmpty() && page.last() != null) {
                List<Object> again = scripts.readSince(new byte[][] {keys[i], keys[streams.size()]}, page.last(), max);
                page = page(name, (List<?>) again.get(0), page.last());
            }
            reads.add(new FeedMerge.StreamRead(page.messages(), page.truncated(), gap));
        }
        return FeedMerge.since(reads, after, max);
    }

    /** The newest {@code max} messages of {@code feed}, in position order. */
    ReadResult latest(Feed feed, int max) {
        List<StreamKey> streams = StreamKey.of(feed);
        byte[][] keys = streams.stream().map(s -> bytes(RedisKeys.stream(s))).toArray(byte[][]::new);
        List<Object> reply = scripts.readLatest(keys, max);
        List<FeedMerge.StreamRead> reads = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            String name = RedisKeys.stream(streams.get(i));
            List<?> part = (List<?>) reply.get(i);
            values.reportSkipped(name, (Long) part.get(0));
            List<Message> newestFirst = values.decodeMembers(name, part.subList(1, part.size()));
            List<Message> messages = new ArrayList<>(newestFirst.size());
            for (int j = newestFirst.size() - 1; j >= 0; j--) {
                messages.add(newestFirst.get(j));
            }
            reads.add(new FeedMerge.StreamRead(messages, false, false));
        }
        return FeedMerge.latest(reads, max);
    }

    /** One stream's answer from read-since.lua, its members decoded. */
    private record StreamPage(List<Message> messages, boolean truncated, Cursor last) {
    }

    private StreamPage page(String name, List<?> part, Cursor after) {
        values.reportSkipped(name, (Long) part.get(2));
        Cursor last = values.position(name, (byte[]) part.get(3));
        List<Message> messages = values.decodeMembers(name, part.subList(4, part.size()));
        // Only a member copied in from elsewhere, its position out of order, could land before the cursor.
        messages.removeIf(m -> !m.position().isAfter(after));
        return new StreamPage(messages, (Long) part.get(0) == 1L, last);
    }
}
