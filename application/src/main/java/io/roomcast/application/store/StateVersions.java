package io.roomcast.application.store;

import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The newest version of every state key of every room: its ref, position and category.
 *
 * <p>Invariant: a version only replaces one that is not newer. A version that aged out keeps its
 * number but drops its ref ({@link #age}), so an older version stored later cannot come back. Not
 * thread-safe: {@link MessageIndex} guards it.
 */
final class StateVersions<R> {
    private final Retention retention;
    private final Map<RoomId, Map<String, State<R>>> byRoom = new HashMap<>();

    /** One state key's newest version; {@code ref} null once aged out. */
    private record State<R>(R ref, long seq, long millis, long version, Category category) {
        boolean expired() {
            return ref == null;
        }

        boolean agedAt(long now, Retention retention) {
            return expired() || now - millis > retention.maxAgeMillis(category);
        }
    }

    StateVersions(Retention retention) {
        this.retention = retention;
    }

    void merge(RoomId room, IndexEntry<R> entry) {
        State<R> state = new State<>(entry.ref(), entry.position().seq(), entry.position().millis(), entry.version(),
                entry.category());
        byRoom.computeIfAbsent(room, r -> new LinkedHashMap<>())
                .merge(entry.stateKey(), state, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    /** The refs of {@code room}'s newest versions still within their age at {@code now}, by position. */
    List<R> current(RoomId room, long now) {
        List<State<R>> current = new ArrayList<>();
        for (State<R> s : byRoom.getOrDefault(room, Map.of()).values()) {
            if (!s.agedAt(now, retention)) {
                current.add(s);
            }
        }
        current.sort(Comparator.comparingLong(State::seq));
        return current.stream().map(State::ref).toList();
    }

    /** Drops the refs of versions past their age at {@code now}; tells {@code live} each ref still held. */
    void age(long now, Consumer<R> live) {
        for (Map<String, State<R>> room : byRoom.values()) {
            for (Map.Entry<String, State<R>> e : room.entrySet()) {
                State<R> s = e.getValue();
                if (!s.expired() && s.agedAt(now, retention)) {
                    e.setValue(new State<>(null, s.seq(), s.millis(), s.version(), s.category()));
                } else if (!s.expired()) {
                    live.accept(s.ref());
                }
            }
        }
    }

    /** Forgets the rooms not in {@code keep} whose every version aged out by {@code now}. */
    void forgetAgedRoomsExcept(Set<RoomId> keep, long now) {
        byRoom.entrySet().removeIf(room -> !keep.contains(room.getKey())
                && room.getValue().values().stream().allMatch(s -> s.agedAt(now, retention)));
    }

    int rooms() {
        return byRoom.size();
    }
}
