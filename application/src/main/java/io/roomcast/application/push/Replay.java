package io.roomcast.application.push;

import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.SkipCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a viewer must be sent before its live blocks: the latest state of each state key,
 * then the backlog since its cursor.
 *
 * <ul>
 *   <li>No cursor: the start is the feed's newest position now; the room's latest states at or
 *       before it go first (in the block's {@code states}) and no backlog (a viewer joining sees
 *       from now on).</li>
 *   <li>A cursor: the backlog is read in pages through {@link PollRoomUseCase} (each page picks by
 *       priority within its limit and counts what it skipped), until the feed is caught up. After
 *       {@code resumeMaxMessages} delivered messages each further page delivers only its most
 *       important message: a long absence costs a bounded replay, with everything else counted as
 *       skipped. The latest states newer than the cursor go first; a backlog entry that is an older
 *       version of one of them is counted as superseded instead, so a state never goes back.</li>
 * </ul>
 *
 * <p>States are repairs, not deliveries ({@link Block#states()}), so delivered + skipped counts the
 * backlog exactly. The viewer subscribed to the room before this read, so its live blocks may repeat
 * what the read returned: {@link Result#floor()} is the position through which the replay covers
 * the feed, and live blocks are cut there. Runs off the loops (it reads the store). Thread-safe.
 */
final class Replay {
    /** Messages per backlog page (also bounded by the polling policy's maximum). */
    static final int PAGE_LIMIT = 100;
    private static final int MAX_PAGES = 100_000;

    private final PollRoomUseCase poll;
    private final RoomStateUseCase states;
    private final Clock clock;
    private final int pageLimit;
    private final int resumeMaxMessages;

    Replay(PollRoomUseCase poll, RoomStateUseCase states, Clock clock, int maxPollLimit, int resumeMaxMessages) {
        this.poll = poll;
        this.states = states;
        this.clock = clock;
        this.pageLimit = Math.min(PAGE_LIMIT, maxPollLimit);
        this.resumeMaxMessages = resumeMaxMessages;
    }

    /**
     * @param start  the position the viewer starts from (its cursor, or the feed's newest when it had none or a reset)
     * @param blocks states first, then the backlog pages
     * @param floor  live entries at or before this position were replayed (or are older than the start)
     */
    record Result(Cursor start, List<Outgoing> blocks, Cursor floor) {
    }

    /** @param from the viewer's cursor, or null to start from now */
    Result read(RoomId room, UserId user, Cursor from) {
        Cursor start;
        Cursor floor;
        List<PollResult> pages = new ArrayList<>();
        if (from == null) {
            start = poll.poll(new PollQuery(room, user, null, 1, null)).cursor();
            floor = start;
        } else {
            String cursor = from.encode();
            int delivered = 0;
            for (int i = 0; i < MAX_PAGES; i++) {
                int limit = Math.max(1, Math.min(pageLimit, resumeMaxMessages - delivered));
                PollResult page = poll.poll(new PollQuery(room, user, cursor, limit, null));
                pages.add(page);
                delivered += page.messages().size();
                cursor = page.cursor().encode();
                if (!page.more()) {
                    break;
                }
            }
            floor = pages.get(pages.size() - 1).cursor();
            // A cursor from the future or past retention starts afresh: the client resumes from the answer.
            start = pages.get(0).reset() ? floor : from;
        }
        long now = clock.millis();
        List<Message> latest = new ArrayList<>();
        for (Message state : states.latestStates(room)) {
            if (floor.covers(state) && (from == null || !from.covers(state))) {
                latest.add(state);
            }
        }
        latest.sort(Message.ORDER);

        List<Outgoing> blocks = new ArrayList<>();
        if (!latest.isEmpty()) {
            // The states' block carries the start as its cursor: it must not move the viewer past the backlog.
            blocks.add(Outgoing.of(new Block(new BlockHeader(room, start, now), List.of(), SkipCounts.NONE, latest)));
        }
        Map<String, Message> latestByKey = new HashMap<>();
        for (Message state : latest) {
            latestByKey.put(state.stateKey().value(), state);
        }
        for (PollResult page : pages) {
            List<Message> entries = new ArrayList<>(page.messages().size());
            int superseded = 0;
            for (Message m : page.messages()) {
                if (m.isState() && m.scope() == Scope.ROOM && room.equals(m.roomId())) {
                    Message newest = latestByKey.get(m.stateKey().value());
                    if (newest != null && newest.position().isAfter(m.position())) {
                        superseded++;
                        continue;
                    }
                }
                entries.add(m);
            }
            SkipCounts skipped = page.skipped().plus(DropReason.SUPERSEDED, superseded);
            if (!entries.isEmpty() || !skipped.isEmpty() || !page.states().isEmpty()) {
                blocks.add(Outgoing.of(new Block(new BlockHeader(room, page.cursor(), now), entries, skipped,
                        page.states())));
            }
        }
        return new Result(start, List.copyOf(blocks), floor);
    }
}
