package io.roomcast.application.port.out;

import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Port: every message stored by any node (this one included), for the rooms this node watches and
 * for the platform (broadcasts and unicast). With a bus, the push core takes its messages from here
 * only: the publish path's {@link Fanout} is {@link Fanout#none()}, so there is one path.
 *
 * <p>Order: the messages of the platform and of every watched room arrive in position order (one
 * subscriber connection to one Redis, which stores and publishes in one script). The bus is
 * at-most-once: a subscription that may have missed messages is reported with
 * {@link Listener#resubscribed}, and nothing it missed is delivered after that report.
 *
 * <p>Thread-safe. The listener is called on the adapter's thread and must only enqueue.
 */
public interface ClusterBus extends AutoCloseable {

    /** Subscribes the platform channel and starts delivering to {@code listener}; completes once subscribed. */
    CompletionStage<Void> start(Listener listener);

    /** Subscribes {@code room}'s channel; completes when messages stored from then on will be delivered. */
    CompletionStage<Void> watch(RoomId room);

    /** Unsubscribes {@code room}'s channel. */
    void unwatch(RoomId room);

    /**
     * The caller found the store ahead of what the channel of {@code room} (empty: the platform's)
     * delivered, for longer than delivery takes: the subscription may be gone without any event.
     * Subscribe it again; once it is up, report {@link Listener#resubscribed}, as for any lost
     * subscription. Does nothing when the channel is not subscribed or already being subscribed again.
     */
    void resubscribe(Optional<RoomId> room);

    /** Stops delivering and disconnects. */
    @Override
    void close();

    /** Where the bus delivers. Called on the adapter's thread, in position order: implementations only enqueue. */
    interface Listener {
        /** A message stored by any node: of a watched room, a broadcast, or a unicast message. */
        void published(Message stored);

        /**
         * A subscription was lost and is back: messages of {@code room} (empty: of the platform) stored
         * meanwhile were not and will not be delivered. Called before any message delivered after it.
         */
        void resubscribed(Optional<RoomId> room);
    }

    /** No bus: a single node, whose push core takes its own publishes from the {@link Fanout}. */
    static ClusterBus none() {
        return NoClusterBus.INSTANCE;
    }
}
