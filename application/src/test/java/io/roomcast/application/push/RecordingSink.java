package io.roomcast.application.push;

import io.roomcast.application.port.out.ViewerSink;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A viewer's connection that records what it is written; writable until told otherwise. */
final class RecordingSink implements ViewerSink {
    final List<Block> written = new ArrayList<>();
    final List<Cursor> starts = new ArrayList<>();
    final List<RoomcastException> failures = new ArrayList<>();
    boolean writable = true;
    boolean waitsForClient;
    int merges;
    private final Consumer<Cursor> onStart;
    private final Consumer<Outgoing> onWrite;

    RecordingSink() {
        this(start -> { }, block -> { });
    }

    RecordingSink(Consumer<Cursor> onStart, Consumer<Outgoing> onWrite) {
        this.onStart = onStart;
        this.onWrite = onWrite;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void write(Outgoing block) {
        written.add(block.block());
        onWrite.accept(block);
    }

    @Override
    public void started(Cursor start) {
        starts.add(start);
        onStart.accept(start);
    }

    @Override
    public void failed(RoomcastException error) {
        failures.add(error);
    }

    @Override
    public void merged() {
        merges++;
    }

    @Override
    public boolean waitsForClient() {
        return waitsForClient;
    }
}
