package io.roomcast.benchmarks.jmh;

import io.roomcast.domain.message.Message;

/** The representative message of each kind the codec benchmarks and the size table use. */
public enum SampleKind {
    /** A 5,000-coin rocket gift, combo 3: {@link LiveTraffic#gift()}. */
    GIFT,
    /** A chat line of about 40 characters with name, level and badges: {@link LiveTraffic#chat()}. */
    CHAT,
    /** A PK progress state message (scores, rooms, time left): {@link LiveTraffic#pkScore()}. */
    PK;

    /**
     * This kind's message as a viewer receives it: stored (with a position) and handed over
     * ({@code sentAt} set), like an entry of a poll answer or a block.
     */
    Message delivered(LiveTraffic traffic) {
        Message m = switch (this) {
            case GIFT -> traffic.gift();
            case CHAT -> traffic.chat();
            case PK -> traffic.pkScore();
        };
        return traffic.store(m).sentAt(m.createdAt() + 180);
    }
}
