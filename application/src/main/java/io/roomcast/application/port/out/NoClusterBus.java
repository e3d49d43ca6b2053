package io.roomcast.application.port.out;

import io.roomcast.domain.message.RoomId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ClusterBus#none()}: subscribes nothing, delivers nothing, is always ready. Immutable. */
final class NoClusterBus implements ClusterBus {
    static final NoClusterBus INSTANCE = new NoClusterBus();

    private NoClusterBus() {
    }

    @Override
    public CompletionStage<Void> start(Listener listener) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> watch(RoomId room) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void unwatch(RoomId room) {
    }

    @Override
    public void resubscribe(Optional<RoomId> room) {
    }

    @Override
    public void close() {
    }
}
