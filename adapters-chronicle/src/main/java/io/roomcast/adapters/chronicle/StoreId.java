package io.roomcast.adapters.chronicle;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * The store's identity, kept in {@code store-id} beside the queue (a decimal number): the epochs of
 * its sequences derive from it. A queue directory started afresh (wiped, or first opened by a
 * version that had none, whose documents carry one store-wide sequence) gets a new id, so every
 * cursor handed out before is answered with a reset rather than read against other numbers.
 */
final class StoreId {
    static final String FILE = "store-id";

    private StoreId() {
    }

    /** The id in {@code dir}, written there first (atomically) when there is none or it is unreadable. */
    static long readOrCreate(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            long id = new SecureRandom().nextLong();
            write(file, id);
            return id;
        } catch (IOException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "chronicle: cannot read " + file + ": " + e, e);
        }
    }

    private static void write(Path file, long id) {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(id) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "chronicle: cannot write " + file + ": " + e, e);
        }
    }
}
