package io.roomcast.application.service;

import io.roomcast.application.port.in.PollQuery;
import io.roomcast.application.port.in.PollResult;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.ReadResult;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.StateRepairs;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Family;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PriorityPick;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One short poll: validate the cursor, read the feed since it, pick by priority within the limit,
 * drop stale, count what was skipped, answer the next cursor and when to poll again.
 *
 * <p>Gain repair: the answer's {@code states} carry the newest version of every state key whose
 * newest version the limit left out, and on a first poll (no cursor) or a reset the room's latest
 * states too, so a poller's view of the room's state is never behind what it was told it missed.
 *
 * <p>No cursor reads the newest messages (a viewer joining). A cursor from the future, or older
 * than retention, or of another epoch (its family's sequence started again), or of the old
 * single-sequence form, is answered afresh with {@code reset=true}; a malformed one is an
 * {@code INVALID_CURSOR} error. The interval follows the room's size on every node
 * ({@link RoomCensus}). Every poll reads afresh; keeping guests' answers for a moment is
 * the HTTP adapter's business. Thread-safe.
 */
public final class PollRoomService implements PollRoomUseCase {
    /** The most messages one poll reads from the store before picking; the rest waits. */
    public static final int SCAN_MAX = 2_000;
    /** When a viewer is behind, it polls again this soon instead of the room's interval. */
    public static final long CATCH_UP_MILLIS = 200;

    private final MessageStore store;
    private final RoomDirectory directory;
    private final RoomCensus census;
    private final Clock clock;
    private final DeliveryRules rules;
    private final PriorityPick pick;

    /** A node alone: the room's size is this node's. */
    public PollRoomService(MessageStore store, RoomDirectory directory, Clock clock, DeliveryRules rules) {
        this(store, directory, RoomCensus.local(directory), clock, rules);
    }

    public PollRoomService(MessageStore store, RoomDirectory directory, RoomCensus census, Clock clock,
                           DeliveryRules rules) {
        this.store = Objects.requireNonNull(store, "store");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.census = Objects.requireNonNull(census, "census");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.pick = rules.pick();
    }

    @Override
    public PollResult poll(PollQuery query) {
        int limit = rules.polling().limit(query.limit());
        Cursor after = query.cursor() == null ? null : Cursor.parse(query.cursor());
        long now = clock.millis();
        if (query.viewer() != null) {
            directory.touch(query.room(), query.viewer(), now);
        }
        return read(query, after, limit, now);
    }

    private PollResult read(PollQuery query, Cursor after, int limit, long now) {
        Feed feed = new Feed(query.room(), query.user());
        boolean unusable = after != null && (after.isLegacy() || !usable(after, store.head(query.room())));
        ReadResult read = after == null || unusable
                ? store.readLatest(feed, limit)
                : store.readSince(feed, after, SCAN_MAX);

        List<Message> window = read.messages();
        PriorityPick.Selection selection = pick.pick(window, limit, now, DropReason.PRIORITY);
        boolean cut = selection.consumed() < window.size();
        Cursor next = cut ? Cursor.afterPrefix(window, selection.consumed(), read.through()) : read.through();
        boolean more = cut || read.more();

        List<Message> sent = stamped(selection.chosen(), now);
        boolean reset = unusable || read.gap();
        List<Message> states = selection.repairs();
        if (after == null || reset) {
            // A viewer starting afresh gets the room's current state first.
            states = new ArrayList<>(states);
            states.addAll(store.latestStates(query.room()));
            states = StateRepairs.newest(states);
        }
        long interval = rules.polling().pollAfterMillis(census.online(query.room(), now));
        long pollAfter = more ? Math.min(interval, CATCH_UP_MILLIS) : interval;
        return new PollResult(sent, next, pollAfter, selection.skipped(), reset, more, stamped(states, now));
    }

    /** A part of another epoch than its family's head, or ahead of it, cannot be read from. */
    private static boolean usable(Cursor after, Cursor head) {
        for (Family family : Family.values()) {
            Cursor.Part part = after.part(family);
            Cursor.Part top = head.part(family);
            if (!part.sameEpoch(top.epoch()) || part.seq() > top.seq()) {
                return false;
            }
        }
        return true;
    }

    private static List<Message> stamped(List<Message> messages, long now) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Message> sent = new ArrayList<>(messages.size());
        for (Message m : messages) {
            sent.add(m.sentAt(now));
        }
        return sent;
    }
}
