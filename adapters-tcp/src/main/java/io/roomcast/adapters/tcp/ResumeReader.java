package io.roomcast.adapters.tcp;

import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.frame.Frames;
import io.roomcast.protocol.v1.ServerFrame;
import io.roomcast.protocol.v1.Welcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a session must be sent before its live blocks, as encoded frames: Welcome, then the
 * latest state of each state key, then the backlog since the client's cursor.
 *
 * <ul>
 *   <li>No cursor: the start is the feed's newest position now; the states at or before it are
 *       sent and no backlog (a viewer joining sees from now on).</li>
 *   <li>A cursor: the backlog is read in pages through {@link PollRoomUseCase} (each page picks by
 *       priority within its limit and counts what it skipped, so every block says what was
 *       missed), until the feed is caught up. After {@code resumeMaxMessages} delivered messages
 *       each further page delivers only its most important message: a long absence costs a
 *       bounded replay, with everything else counted as skipped. The states newer than the cursor
 *       go first; the backlog leaves out those same messages and any older version of their keys
 *       (counted as superseded), so a state never goes back.</li>
 * </ul>
 *
 * <p>The session subscribed to the room before this read, so its live blocks may repeat what the
 * read returned: {@link Replay#floor()} is the position through which the replay covers the feed,
 * and live entries at or before it are dropped. States newer than the floor are left to the live
 * blocks.
 *
 * <p>Runs off the event loop (it reads the store). Thread-safe.
 */
final class ResumeReader {
    /** Messages per backlog page (also bounded by the polling policy's maximum). */
    static final int PAGE_LIMIT = 100;
    private static final int MAX_PAGES = 100_000;
    private static final Comparator<Message> BY_POSITION = Comparator.comparing(Message::position);

    private final PollRoomUseCase poll;
    private final RoomStateUseCase states;
    private final Clock clock;
    private final int pageLimit;
    private final int resumeMaxMessages;
    private final int heartbeatMs;

    ResumeReader(PollRoomUseCase poll, RoomStateUseCase states, Clock clock, DeliveryRules rules, TcpConfig config) {
        this.poll = poll;
        this.states = states;
        this.clock = clock;
        this.pageLimit = Math.min(PAGE_LIMIT, rules.polling().maxLimit());
        this.resumeMaxMessages = config.resumeMaxMessages();
        this.heartbeatMs = (int) config.heartbeatMs();
    }

    /** A replayed block and its encoded frame. */
    record ReplayBlock(Block block, byte[] frame) {
    }

    /**
     * @param welcome the encoded Welcome frame, or null (a room switch sends none)
     * @param blocks  states first, then the backlog pages
     * @param floor   live entries at or before this position were replayed (or are older than the start)
     */
    record Replay(byte[] welcome, List<ReplayBlock> blocks, Cursor floor) {
    }

    /**
     * @param from      the client's cursor, or null to start from now
     * @param sessionId the session to welcome, or null to send no Welcome
     */
    Replay read(RoomId room, UserId user, Cursor from, String sessionId) {
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
            Cursor at = state.position();
            if (!at.isAfter(floor) && (from == null || at.isAfter(from))) {
                latest.add(state);
            }
        }
        latest.sort(BY_POSITION);

        List<ReplayBlock> blocks = new ArrayList<>();
        if (!latest.isEmpty()) {
            // The states' block carries the start as its cursor: it must not move the client past the backlog.
            blocks.add(encode(new Block(new BlockHeader(room, start, now), latest, SkipCounts.NONE)));
        }
        Set<Cursor> sentStates = new HashSet<>();
        Map<String, Message> latestByKey = new HashMap<>();
        for (Message state : latest) {
            sentStates.add(state.position());
            latestByKey.put(state.stateKey().value(), state);
        }
        for (PollResult page : pages) {
            List<Message> entries = new ArrayList<>(page.messages().size());
            int superseded = 0;
            for (Message m : page.messages()) {
                if (sentStates.contains(m.position())) {
                    continue;
                }
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
            if (!entries.isEmpty() || !skipped.isEmpty()) {
                blocks.add(encode(new Block(new BlockHeader(room, page.cursor(), now), entries, skipped)));
            }
        }
        byte[] welcome = sessionId == null ? null : Frames.encode(ServerFrame.newBuilder()
                .setWelcome(Welcome.newBuilder()
                        .setSessionId(sessionId)
                        .setHeartbeatMs(heartbeatMs)
                        .setCursor(start.encode()))
                .build());
        return new Replay(welcome, List.copyOf(blocks), floor);
    }

    private static ReplayBlock encode(Block block) {
        return new ReplayBlock(block, BlockCodec.encodeFrame(block));
    }
}
