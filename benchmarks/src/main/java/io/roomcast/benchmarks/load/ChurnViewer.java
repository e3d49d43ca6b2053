package io.roomcast.benchmarks.load;

import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Welcome;
import java.util.HashSet;
import java.util.Set;

/**
 * One viewer of the churn driver, across its sessions: the message ids it was delivered (a repeat
 * counts as a duplicate), the skipped count each block reports, the cursor of the last Welcome or
 * block it took, and its current client. A viewer that leaves and comes back with that cursor keeps
 * its record, so its delivered + skipped still adds up to what its room published. What a closed
 * session's client still hands over after {@link #leave} is not taken (the cursor taken on leaving
 * is the one of the last block taken, so it comes again after the return, once). Also the storm's viewer ({@link Storm}): the RATE_LIMITED refusals
 * it was sent. Thread-safe.
 */
final class ChurnViewer {
    final String user;
    private final Set<String> ids = new HashSet<>();
    private long skipped;
    private long skippedAge;
    private long duplicates;
    private long rateLimited;
    private volatile LongConnectionClient client;
    private volatile boolean retired;
    private Object session;
    private String cursor = "";

    ChurnViewer(String user) {
        this.user = user;
    }

    /** The listener of a new session (its client's); the one before it is ignored from now on. */
    synchronized LongConnectionListener newSession() {
        Object current = new Object();
        session = current;
        return new LongConnectionListener() {
            @Override
            public void onWelcome(Welcome welcome) {
                synchronized (ChurnViewer.this) {
                    if (session == current && !welcome.getCursor().isEmpty()) {
                        cursor = welcome.getCursor();
                    }
                }
            }

            @Override
            public void onBlock(Block block) {
                synchronized (ChurnViewer.this) {
                    if (session == current) {
                        take(block);
                    }
                }
            }

            @Override
            public void onError(Error error) {
                synchronized (ChurnViewer.this) {
                    if (session == current && error.getCode().equals("RATE_LIMITED")) {
                        rateLimited++;
                    }
                }
            }
        };
    }

    private void take(Block block) {
        if (!block.getHeader().getCursor().isEmpty()) {
            cursor = block.getHeader().getCursor();
        }
        for (Message m : block.getEntriesList()) {
            if (!ids.add(m.getId())) {
                duplicates++;
            }
        }
        var s = block.getSkipped();
        skipped += (long) s.getPriority() + s.getAge() + s.getBudget() + s.getSuperseded();
        skippedAge += s.getAge();
    }

    /** The ids delivered, each once. */
    synchronized Set<String> ids() {
        return Set.copyOf(ids);
    }

    /** How often the node refused it with RATE_LIMITED (it retried each time). */
    synchronized long rateLimited() {
        return rateLimited;
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

    /** Of {@link #skipped}, those left out for their age. */
    synchronized long skippedAge() {
        return skippedAge;
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
        String resumeFrom;
        synchronized (this) {
            session = null;
            resumeFrom = cursor;
        }
        LongConnectionClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
        return resumeFrom;
    }

    /** The cursor to come back with now: the last Welcome's or block's, empty before either. */
    synchronized String cursor() {
        return cursor;
    }
}
