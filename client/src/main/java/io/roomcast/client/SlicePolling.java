package io.roomcast.client;

import io.roomcast.protocol.v1.PollResponse;
import io.roomcast.protocol.v1.Skipped;
import io.roomcast.protocol.v1.Slice;
import io.roomcast.protocol.v1.SliceHead;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A guest following a room's slices: {@code GET /api/v1/rooms/{roomId}/slices} (the head: the
 * newest closed slice) and {@code GET .../slices/{n}} for each slice after the last one it has, in
 * order. Each turn is told as one {@link PollResponse}, so a {@link PollingListener} sees slices as
 * it sees polls: the slices' messages in order, their skipped counts added up, their states (and
 * the head's on a fresh start or after a gap), {@code reset} for a gap, the head's
 * {@code pollAfterMs}, and no cursor.
 *
 * <ul>
 *   <li>A fresh start takes the newest closed slice and the head's states.</li>
 *   <li>A slice that is not closed yet ({@code 404}, {@code SLICE_OPEN}) ends the turn; the next
 *       turn asks for it again.</li>
 *   <li>A gap: a slice the node no longer has ({@code 410}), a truncated slice (the node did not
 *       read all of it, so what it left out is not counted), or more than {@value #MAX_BEHIND}
 *       slices behind (the client jumps to the last {@value #MAX_BEHIND}).</li>
 *   <li>A failure part-way through a turn keeps nothing of it: slices never change, so the next
 *       turn fetches them again.</li>
 * </ul>
 *
 * <p>Not thread-safe: the {@link PollingClient} calls it from one thread at a time.
 */
final class SlicePolling {
    /** The most slices one turn fetches; a guest further behind jumps ahead and is told of the gap. */
    static final int MAX_BEHIND = 10;

    /** A GET answered 200 with a protobuf body; any other status is a {@link RoomcastHttpException}. */
    @FunctionalInterface
    interface Get {
        byte[] body(String path) throws IOException, InterruptedException;
    }

    private final String headPath;
    /** The next slice to fetch; -1: none yet (a fresh start). */
    private long next = -1;

    SlicePolling(String roomId) {
        this.headPath = "/api/v1/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/slices";
    }

    /** The next slice a turn fetches, or -1 before the first turn (and after {@link #restart()}). */
    long next() {
        return next;
    }

    /** Starts afresh at the next turn, as a new guest would. */
    void restart() {
        next = -1;
    }

    /**
     * One turn: the head, then each slice after the last one fetched up to the head's.
     *
     * @return the turn's deliveries, or null when the node has no slices (the head is {@code 404})
     */
    PollResponse turn(Get http) throws IOException, InterruptedException {
        SliceHead head;
        try {
            head = SliceHead.parseFrom(http.body(headPath));
        } catch (RoomcastHttpException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        PollResponse.Builder answer = PollResponse.newBuilder().setPollAfterMs(head.getPollAfterMs());
        Skipped.Builder skipped = Skipped.newBuilder();
        long newest = head.getSlice();
        long from = next;
        if (from < 0) {
            from = newest;
            answer.addAllStates(head.getStatesList());
        } else if (newest - from + 1 > MAX_BEHIND) {
            from = newest - MAX_BEHIND + 1;
            gap(answer, head);
        }
        boolean fresh = next < 0;
        long n = from;
        for (; n <= newest; n++) {
            Slice slice;
            try {
                slice = Slice.parseFrom(http.body(headPath + "/" + n));
            } catch (RoomcastHttpException e) {
                if (e.status() == 404) {
                    break; // not closed yet here (another node, or a cache): the next turn asks again
                }
                if (e.status() == 410) {
                    gap(answer, fresh ? null : head);
                    continue;
                }
                throw e;
            }
            answer.addAllMessages(slice.getMessagesList()).addAllStates(slice.getStatesList());
            add(skipped, slice.getSkipped());
            if (slice.getTruncated()) {
                gap(answer, fresh ? null : head);
            }
        }
        next = n;
        return answer.setSkipped(skipped).build();
    }

    /**
     * Tells a gap as a reset and repairs states with the head's, once per turn ({@code head} null:
     * a fresh start, which has the head's states already).
     */
    private static void gap(PollResponse.Builder answer, SliceHead head) {
        if (!answer.getReset() && head != null) {
            answer.addAllStates(head.getStatesList());
        }
        answer.setReset(true);
    }

    private static void add(Skipped.Builder sum, Skipped more) {
        sum.setPriority(sum.getPriority() + more.getPriority())
                .setAge(sum.getAge() + more.getAge())
                .setBudget(sum.getBudget() + more.getBudget())
                .setSuperseded(sum.getSuperseded() + more.getSuperseded());
    }
}
