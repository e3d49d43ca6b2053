package io.roomcast.application.port.out;

import java.util.List;

/** {@link NodeRegistry#local()}: this node alone, as it last wrote itself. Thread-safe. */
final class LocalNodeRegistry implements NodeRegistry {
    private volatile List<NodeInfo> live = List.of();

    @Override
    public void heartbeat(NodeInfo self) {
        live = List.of(self);
    }

    @Override
    public List<NodeInfo> live() {
        return live;
    }

    @Override
    public void leave() {
        live = List.of();
    }

    @Override
    public void close() {
    }
}
