package io.roomcast.application.testing;

import io.roomcast.application.port.out.Fanout;
import io.roomcast.domain.message.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fan-out that remembers what it was handed. */
public final class RecordingFanout implements Fanout {
    private final List<Message> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(Message stored) {
        delivered.add(stored);
    }

    public List<Message> delivered() {
        return List.copyOf(delivered);
    }
}
