package io.roomcast.application.store;

import io.roomcast.application.port.out.ReadResult;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges per-stream reads into one feed read, for stores that read their streams separately
 * (one sorted set or index per stream). Correct when a stream was cut at its maximum: nothing past
 * the earliest cut is returned, so a reader that continues from {@code through} misses nothing.
 */
public final class FeedMerge {
    private static final Comparator<Message> BY_POSITION = Comparator.comparing(Message::position);

    private FeedMerge() {
    }

    /**
     * One stream's answer.
     *
     * @param messages  in position order, all after the cursor asked from
     * @param truncated the stream holds more after the last of these
     * @param gap       retention removed messages of this stream after the cursor asked from
     */
    public record StreamRead(List<Message> messages, boolean truncated, boolean gap) {
    }

    /** Merges reads after {@code after}, returning at most {@code max} messages. */
    public static ReadResult since(List<StreamRead> reads, Cursor after, int max) {
        Cursor limit = null;
        boolean gap = false;
        List<Message> all = new ArrayList<>();
        for (StreamRead read : reads) {
            gap |= read.gap();
            all.addAll(read.messages());
            if (read.truncated() && !read.messages().isEmpty()) {
                Cursor last = read.messages().get(read.messages().size() - 1).position();
                limit = limit == null || last.compareTo(limit) < 0 ? last : limit;
            }
        }
        all.sort(BY_POSITION);
        List<Message> taken = new ArrayList<>(Math.min(max, all.size()));
        for (Message m : all) {
            if (taken.size() == max || (limit != null && m.position().isAfter(limit))) {
                break;
            }
            taken.add(m);
        }
        boolean more = limit != null || taken.size() < all.size();
        Cursor through = taken.isEmpty() ? after : taken.get(taken.size() - 1).position();
        return new ReadResult(taken, through, more, gap);
    }

    /** Merges each stream's newest messages, returning the newest {@code max} of them. */
    public static ReadResult latest(List<StreamRead> reads, int max) {
        List<Message> all = new ArrayList<>();
        for (StreamRead read : reads) {
            all.addAll(read.messages());
        }
        all.sort(BY_POSITION);
        List<Message> taken = all.size() > max ? all.subList(all.size() - max, all.size()) : all;
        Cursor through = taken.isEmpty() ? Cursor.ORIGIN : taken.get(taken.size() - 1).position();
        return new ReadResult(taken, through, false, false);
    }
}
