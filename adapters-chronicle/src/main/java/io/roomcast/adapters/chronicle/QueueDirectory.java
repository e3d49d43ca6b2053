package io.roomcast.adapters.chronicle;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

/**
 * The queue's directory: held by one store at a time (an OS file lock, released by the kernel
 * even on {@code kill -9}), and the cycle files in it, named as Chronicle names them (the roll
 * cycle's date pattern in UTC, epoch 0, {@code .cq4}). Not thread-safe: the store deletes under
 * its write lock.
 */
final class QueueDirectory implements AutoCloseable {
    static final String LOCK_FILE = "roomcast.lock";

    private final Path dir;
    private final RollCycle rollCycle;
    private final DateTimeFormatter names;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private QueueDirectory(Path dir, RollCycle rollCycle, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.rollCycle = rollCycle;
        this.names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the directory if needed and locks it, or fails at once when another store holds it. */
    static QueueDirectory lock(Path dir, RollCycle rollCycle) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new QueueDirectory(dir, rollCycle, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "chronicle: " + dir
                    + " is in use by another roomcast store (" + LOCK_FILE + " is locked)", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "chronicle: cannot use " + dir + ": " + e, e);
        }
    }

    Path path() {
        return dir;
    }

    /** The file Chronicle keeps {@code cycle} in. */
    Path fileOf(int cycle) {
        return dir.resolve(names.format(Instant.ofEpochMilli(startMillis(cycle))) + SingleChronicleQueue.SUFFIX);
    }

    /** The first millisecond of {@code cycle}. */
    long startMillis(int cycle) {
        return (long) cycle * rollCycle.lengthInMillis();
    }

    /**
     * Deletes the files of the cycles in {@code queue} before {@code keepFrom}, oldest first.
     *
     * @return how many files were deleted
     */
    int deleteBefore(SingleChronicleQueue queue, int keepFrom) throws IOException {
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first < 0 || first == Integer.MAX_VALUE || first >= keepFrom || last < first) {
            return 0;
        }
        int deleted = 0;
        // Both ends must be cycles on disk, so list them all and pick the old ones.
        for (long cycle : queue.listCyclesBetween(first, last)) {
            if (cycle < keepFrom && Files.deleteIfExists(fileOf((int) cycle))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }

    /** The cycles on disk whose file Chronicle cannot even open (a header cut short or overwritten). */
    List<Integer> unopenableCycles(SingleChronicleQueue queue) {
        List<Integer> bad = new ArrayList<>();
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first < 0 || first == Integer.MAX_VALUE || last < first) {
            return bad;
        }
        for (long cycle : queue.listCyclesBetween(first, last)) {
            try {
                SingleChronicleQueueStore store = queue.storeForCycle((int) cycle, queue.epoch(), false, null);
                if (store != null) {
                    queue.closeStore(store);
                }
            } catch (RuntimeException e) {
                bad.add((int) cycle);
            }
        }
        return bad;
    }

    /** Moves a cycle file out of the queue's sight, keeping its bytes for a post-mortem. */
    Path quarantine(int cycle) throws IOException {
        Path file = fileOf(cycle);
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        Files.move(file, aside);
        return aside;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
