package io.roomcast.application.store;

import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reads of a {@link MessageIndex}: which entries of its streams a read takes, read through
 * {@link StoredMessages} and stamped with their family's epoch. Not thread-safe: every method runs
 * under the index's read lock, taken by {@link MessageIndex}.
 */
final class IndexReads<S extends IndexedStream<R>, R> {
    private final Map<StreamKey, S> streams;
    private final FamilyHeads heads;
    private final StoredMessages<R> messages;

    IndexReads(Map<StreamKey, S> streams, FamilyHeads heads, StoredMessages<R> messages) {
        this.streams = streams;
        this.heads = heads;
        this.messages = messages;
    }

    /** Each stream from its first entry after its family's part of {@code after}, merged. */
    ReadResult since(Feed feed, Cursor after, int max) {
        return reading(reader -> {
            List<FeedMerge.StreamRead> reads = new ArrayList<>();
            for (StreamKey key : StreamKey.of(feed)) {
                S stream = streams.get(key);
                if (stream == null) {
                    continue;
                }
                Cursor.Part part = after.part(key.family());
                boolean otherEpoch = !part.sameEpoch(heads.epoch(key.room()));
                long afterSeq = otherEpoch ? 0 : part.seq();
                int from = stream.firstAfter(afterSeq);
                int to = Math.min(stream.size(), from + max);
                List<Message> found = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    addIfRead(found, reader, stream.ref(i));
                }
                boolean truncated = stream.size() - from > max;
                boolean gap = otherEpoch || (afterSeq > 0
                        && (stream.trimmedThrough().seq() > afterSeq || heads.lost(key.room()) > afterSeq));
                reads.add(new FeedMerge.StreamRead(found, truncated, gap));
            }
            return FeedMerge.since(reads, after, max);
        });
    }

    /** The newest {@code max} entries of the feed's streams, chosen first, then read. */
    ReadResult latest(Feed feed, int max) {
        List<Newest<R>> newest = new ArrayList<>();
        for (StreamKey key : StreamKey.of(feed)) {
            S stream = streams.get(key);
            if (stream == null) {
                continue;
            }
            for (int i = Math.max(0, stream.size() - max); i < stream.size(); i++) {
                newest.add(new Newest<>(stream.millis(i), key.family(), stream.seq(i), stream.ref(i)));
            }
        }
        newest.sort(Comparator.comparingLong(Newest<R>::millis).thenComparing(Newest::family)
                .thenComparingLong(Newest::seq));
        List<Newest<R>> chosen = newest.subList(Math.max(0, newest.size() - max), newest.size());
        List<Message> found = reading(reader -> {
            List<Message> read = new ArrayList<>(chosen.size());
            for (Newest<R> entry : chosen) {
                addIfRead(read, reader, entry.ref());
            }
            return read;
        });
        return FeedMerge.latest(List.of(new FeedMerge.StreamRead(found, false, false)), max, heads.cursor(feed.room()));
    }

    private record Newest<R>(long millis, Family family, long seq, R ref) {
    }

    /** The guest streams' entries positioned in {@code [from, to)} (the slice already closed); gone when trimmed into. */
    SliceRead slice(RoomId room, long fromMillis, long toMillis, int max) {
        return reading(reader -> {
            List<Message> found = new ArrayList<>();
            boolean truncated = false;
            for (StreamKey key : StreamKey.of(Feed.guest(room))) {
                S stream = streams.get(key);
                if (stream == null) {
                    continue;
                }
                if (stream.trimmedThrough().millis() >= fromMillis) {
                    return SliceRead.GONE;
                }
                int from = stream.firstFrom(fromMillis);
                int to = stream.firstFrom(toMillis);
                truncated |= to - from > max;
                for (int i = from; i < Math.min(to, from + max); i++) {
                    addIfRead(found, reader, stream.ref(i));
                }
            }
            return FeedMerge.slice(found, truncated, max);
        });
    }

    /** The messages of {@code refs} that read, in that order. */
    List<Message> all(List<R> refs) {
        return reading(reader -> {
            List<Message> found = new ArrayList<>(refs.size());
            for (R ref : refs) {
                addIfRead(found, reader, ref);
            }
            return found;
        });
    }

    /** The message of {@code ref}, or null when it does not read. */
    Message one(R ref) {
        Message m = reading(reader -> reader.read(ref));
        return m == null ? null : stamped(m);
    }

    private <T> T reading(Function<StoredMessages.Reader<R>, T> read) {
        try (StoredMessages.Reader<R> reader = messages.reader()) {
            return read.apply(reader);
        }
    }

    private void addIfRead(List<Message> found, StoredMessages.Reader<R> reader, R ref) {
        Message m = reader.read(ref);
        if (m != null) {
            found.add(stamped(m));
        }
    }

    /** {@code m} with its family's epoch in its position (storage may not keep the epoch). */
    private Message stamped(Message m) {
        long epoch = heads.epoch(m.family() == Family.ROOM ? m.roomId() : null);
        return m.position().epoch() == epoch ? m : m.storedAt(m.position().inEpoch(epoch));
    }
}
