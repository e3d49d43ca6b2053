package io.roomcast.benchmarks.load;

import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Message;
import java.util.HashSet;
import java.util.Set;

/**
 * One viewer of the churn driver, across its sessions: the message ids it was delivered (a repeat
 * counts as a duplicate), the skipped count each block reports, and its current client. A viewer
 * that leaves and comes back by cursor keeps its record, so its delivered + skipped still adds up
 * to what its room published. Thread-safe.
 */
final class ChurnViewer implements LongConnectionListener {
    final String user;
    private final Set<String> ids = new HashSet<>();
    private long skipped;
    private long duplicates;
    private volatile LongConnectionClient client;
    private volatile boolean retired;

    ChurnViewer(String user) {
        this.user = user;
    }

    @Override
    public synchronized void onBlock(Block block) {
        for (Message m : block.getEntriesList()) {
            if (!ids.add(m.getId())) {
                duplicates++;
            }
        }
        var s = block.getSkipped();
        skipped += (long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded();
    }

    synchronized long accounted() {
        return ids.size() + duplicates + skipped;
    }

    synchronized long delivered() {
        return ids.size() + duplicates;
    }

    synchronized long skipped() {
        return skipped;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    LongConnectionClient client() {
        return client;
    }

    void attach(LongConnectionClient value) {
        client = value;
    }

    /** Leaves at its room's end and never comes back; true when it was connected. */
    boolean retire() {
        retired = true;
        boolean wasConnected = client != null;
        leave();
        return wasConnected;
    }

    boolean retired() {
        return retired;
    }

    /** Leaves for good (or until {@link #attach} again); the cursor to come back with, empty when it never got one. */
    String leave() {
        LongConnectionClient c = client;
        client = null;
        if (c == null) {
            return "";
        }
        String cursor = c.lastCursor();
        c.close();
        return cursor == null ? "" : cursor;
    }
}
