package io.roomcast.adapters.chronicle;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space under the queue, asked before each writer pass (one {@code statvfs}). Chronicle
 * writes through memory-mapped sparse files: a page the disk has no room for faults in the middle
 * of a document ({@code InternalError: a fault occurred in a recent unsafe memory access}, measured
 * on a full tmpfs), which would leave the queue's last document half-written. So writes stop while
 * less than the floor is free, with an error that says why, and go on by themselves once space
 * returns. Logged once when refusing starts and once when it ends. Used by the writer thread only.
 */
final class DiskSpace {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleMessageStore.class);
    private static final long MIB = 1024 * 1024;

    private final Path dir;
    private final FileStore store;
    private final long floorBytes;
    private boolean refusing;

    DiskSpace(Path dir, long floorBytes) {
        this.dir = dir;
        this.floorBytes = floorBytes;
        try {
            this.store = Files.getFileStore(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("chronicle: cannot tell the disk under " + dir, e);
        }
    }

    /** The error every write gets now, or null when there is room. */
    RoomcastException refusal() {
        if (floorBytes == 0) {
            return null;
        }
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            free = Long.MAX_VALUE; // cannot tell: let Chronicle try, as without the check
        }
        if (free >= floorBytes) {
            if (refusing) {
                refusing = false;
                LOG.info("chronicle: {} MiB free under {} again: writes go on", free / MIB, dir);
            }
            return null;
        }
        String why = "chronicle: the disk under " + dir + " has " + free / MIB + " MiB free, under the "
                + floorBytes / MIB + " MiB kept free; nothing is written until space is freed";
        if (!refusing) {
            refusing = true;
            LOG.error("{}", why);
        }
        return new RoomcastException(ErrorCode.STORE_UNAVAILABLE, why);
    }
}
