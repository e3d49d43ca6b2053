package io.roomcast.adapters.tcp;

import io.roomcast.client.LongConnectionListener;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Welcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A client listener that remembers everything it was told. Thread-safe. */
final class Recorder implements LongConnectionListener {
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<Error> errors = new ArrayList<>();
    private final List<GoAway> goAways = new ArrayList<>();
    final AtomicInteger welcomes = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    private long skipped;

    @Override
    public void onWelcome(Welcome welcome) {
        welcomes.incrementAndGet();
    }

    @Override
    public synchronized void onBlock(Block block) {
        blocks.add(block);
        for (Message m : block.getEntriesList()) {
            seen.merge(m.getId(), 1, Integer::sum);
        }
        skipped += block.getSkipped().getPriority() + block.getSkipped().getAge() + block.getSkipped().getBudget()
                + block.getSkipped().getSuperseded();
    }

    @Override
    public synchronized void onError(Error error) {
        errors.add(error);
    }

    @Override
    public synchronized void onGoAway(GoAway goAway) {
        goAways.add(goAway);
    }

    @Override
    public void onPong() {
        pongs.incrementAndGet();
    }

    @Override
    public void onDisconnected(Throwable cause) {
        disconnects.incrementAndGet();
    }

    synchronized List<Block> blocks() {
        return List.copyOf(blocks);
    }

    synchronized Map<String, Integer> seen() {
        return Map.copyOf(seen);
    }

    synchronized boolean hasAll(Iterable<String> ids) {
        for (String id : ids) {
            if (!seen.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    synchronized int entries() {
        int n = 0;
        for (int count : seen.values()) {
            n += count;
        }
        return n;
    }

    synchronized long skipped() {
        return skipped;
    }

    synchronized List<Error> errors() {
        return List.copyOf(errors);
    }

    synchronized List<GoAway> goAways() {
        return List.copyOf(goAways);
    }

    synchronized List<String> entryIdsInOrder() {
        List<String> ids = new ArrayList<>();
        for (Block b : blocks) {
            b.getEntriesList().forEach(m -> ids.add(m.getId()));
        }
        return ids;
    }
}
