package io.roomcast.application.store;

import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges per-stream reads into one feed read, for stores that read their streams separately
 * (one sorted set or index per stream). A feed holds streams of two families (the room's sequence,
 * the platform's); messages come out in {@link Message#ORDER} and the answer's cursor moves each
 * family's part by the messages of that family it returns. Correct when a stream was cut at its
 * maximum: nothing of a family past the earliest cut of its streams is returned, so a reader that
 * continues from {@code through} misses nothing.
 */
public final class FeedMerge {

    private FeedMerge() {
    }

    /**
     * One stream's answer.
     *
     * @param messages  in sequence order, all after the cursor asked from
     * @param truncated the stream holds more after the last of these
     * @param gap       retention removed messages of this stream after the cursor asked from
     */
    public record StreamRead(List<Message> messages, boolean truncated, boolean gap) {
    }

    /** Merges reads after {@code after}, returning at most {@code max} messages. */
    public static ReadResult since(List<StreamRead> reads, Cursor after, int max) {
        long roomLimit = Long.MAX_VALUE;
        long platformLimit = Long.MAX_VALUE;
        boolean gap = false;
        boolean truncated = false;
        List<Message> all = new ArrayList<>();
        for (StreamRead read : reads) {
            gap |= read.gap();
            all.addAll(read.messages());
            if (read.truncated() && !read.messages().isEmpty()) {
                truncated = true;
                Message last = read.messages().get(read.messages().size() - 1);
                if (last.family() == Family.ROOM) {
                    roomLimit = Math.min(roomLimit, last.position().seq());
                } else {
                    platformLimit = Math.min(platformLimit, last.position().seq());
                }
            }
        }
        all.sort(Message.ORDER);
        List<Message> taken = new ArrayList<>(Math.min(max, all.size()));
        Cursor through = after;
        for (Message m : all) {
            long limit = m.family() == Family.ROOM ? roomLimit : platformLimit;
            if (taken.size() == max || m.position().seq() > limit) {
                break;
            }
            taken.add(m);
            through = through.advance(m);
        }
        boolean more = truncated || taken.size() < all.size();
        return new ReadResult(taken, through, more, gap);
    }

    /**
     * Merges each stream's newest messages, returning the newest {@code max} of them; the cursor is
     * {@code heads}, the feed's families' heads read with them, so reading on from it never returns
     * anything older.
     */
    public static ReadResult latest(List<StreamRead> reads, int max, Cursor heads) {
        List<Message> all = new ArrayList<>();
        for (StreamRead read : reads) {
            all.addAll(read.messages());
        }
        all.sort(Message.ORDER);
        List<Message> taken = all.size() > max ? all.subList(all.size() - max, all.size()) : all;
        return new ReadResult(taken, heads, false, false);
    }

    /**
     * A closed slice from its streams' messages (each stream read up to {@code max}): in
     * {@link Message#ORDER}, the first {@code max} by position; truncated when a stream was or the
     * merge is cut.
     */
    public static SliceRead slice(List<Message> all, boolean streamTruncated, int max) {
        all.sort(Message.ORDER);
        boolean truncated = streamTruncated || all.size() > max;
        return new SliceRead(all.size() > max ? all.subList(0, max) : all, truncated, false);
    }
}
