package io.roomcast.application.service;

import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.SliceRead;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.StateRepairs;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.SlicePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A room's guest feed in slices. A closed slice is read with {@link MessageStore#closeSlice} (which
 * makes sure nothing stored later lands in it) and picked as a guest's poll is, with everything
 * that could differ between nodes or moments fixed: stale is judged at the slice's end, not at the
 * time of the request; messages are not stamped with a send time; the limit is the polling default
 * (raised to the slice's {@code CRITICAL} count, which is never dropped). So the answer is a
 * function of the slice's messages alone. Slice readers are not counted online: behind a cache
 * the node never sees most of them. Thread-safe.
 */
public final class SliceService implements ReadSliceUseCase {
    /** The most messages one slice reads (a room's budget is 1,000 a second by default). */
    public static final int SCAN_MAX = 5_000;

    private final MessageStore store;
    private final RoomCensus census;
    private final Clock clock;
    private final DeliveryRules rules;
    private final SlicePolicy slices;
    private final PriorityPick pick;

    public SliceService(MessageStore store, RoomCensus census, Clock clock, DeliveryRules rules, SlicePolicy slices) {
        this.store = Objects.requireNonNull(store, "store");
        this.census = Objects.requireNonNull(census, "census");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.slices = Objects.requireNonNull(slices, "slices");
        this.pick = rules.pick();
    }

    @Override
    public boolean enabled() {
        return slices.enabled();
    }

    @Override
    public long newestClosed() {
        return slices.newestClosed(clock.millis());
    }

    @Override
    public Head head(RoomId room) {
        long now = clock.millis();
        long pollAfter = rules.polling().pollAfterMillis(census.online(room, now));
        return new Head(room, slices.newestClosed(now), slices.sliceMillis(), pollAfter, store.latestStates(room));
    }

    @Override
    public Answer slice(RoomId room, long n) {
        if (n > slices.newestClosed(clock.millis())) {
            return new Open(slices.closesAt(n));
        }
        long from = slices.start(n);
        long to = from + slices.sliceMillis();
        SliceRead read = store.closeSlice(room, from, to, SCAN_MAX);
        if (read.gone()) {
            return new Gone();
        }
        List<Message> messages = read.messages();
        int limit = Math.max(rules.polling().defaultLimit(), criticals(messages));
        PriorityPick.Selection selection = pick.pick(messages, limit, to, DropReason.PRIORITY);
        // With as many CRITICAL as the limit, the pick stops at the last of them; what follows is over
        // the limit too, and a slice has no next turn: it is skipped here, its newest states repaired.
        List<Message> rest = messages.subList(selection.consumed(), messages.size());
        List<Message> repairs = selection.repairs();
        if (!rest.isEmpty()) {
            List<Message> states = new ArrayList<>(repairs);
            rest.stream().filter(Message::isState).forEach(states::add);
            repairs = StateRepairs.newest(states);
        }
        return new Closed(n, selection.chosen(), selection.skipped().plus(DropReason.PRIORITY, rest.size()), repairs,
                read.truncated());
    }

    private static int criticals(List<Message> messages) {
        int count = 0;
        for (Message m : messages) {
            if (m.priority() == Priority.CRITICAL) {
                count++;
            }
        }
        return count;
    }
}
