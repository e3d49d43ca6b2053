package io.roomcast.adapters.redis;

import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes what Redis returns ({@link StoredValue}s, the scripts' {@code millis-seq} positions) and
 * reports what is not roomcast's: a value written by something else or corrupted is logged and
 * skipped, never returned or fatal. The first report of a key is a warning, later ones are debug,
 * so bad data does not flood the log on every poll. Thread-safe.
 */
final class ValueReader {
    /** The store's logger: operators see (and configure) one logger for the whole store. */
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageStore.class);
    private static final int MAX_REPORTED_BAD_KEYS = 10_000;

    private final String where;
    private final Set<String> reportedBadKeys = ConcurrentHashMap.newKeySet();

    /** @param where the server, for the log */
    ValueReader(String where) {
        this.where = where;
    }

    /** The stream members of {@code key} that decode, in their order. */
    List<Message> decodeMembers(String key, List<?> members) {
        List<Message> messages = new ArrayList<>(members.size());
        for (Object member : members) {
            decodeOrReport(key, (byte[]) member, StoredValue::decodeMember).ifPresent(messages::add);
        }
        return messages;
    }

    /** The message in {@code value} of {@code key}; empty, and reported, when it does not decode. */
    Optional<Message> decodeOrReport(String key, byte[] value, Function<byte[], Message> decoder) {
        try {
            return Optional.of(decoder.apply(value));
        } catch (RuntimeException e) {
            report(key, value.length + "-byte value is not a stored message, skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Reports the members of {@code key} a script skipped because they were not written by roomcast. */
    void reportSkipped(String key, long skipped) {
        if (skipped > 0) {
            report(key, skipped + " member(s) not written by roomcast, skipped");
        }
    }

    /** A position the scripts wrote as {@code millis-seq} (a trim floor, a page's last member); null when empty. */
    Position position(String key, byte[] text) {
        if (text.length == 0) {
            return null;
        }
        String position = new String(text, StandardCharsets.US_ASCII);
        int dash = position.indexOf('-');
        try {
            return new Position(Long.parseLong(position.substring(0, dash)), Long.parseLong(position.substring(dash + 1)));
        } catch (RuntimeException e) {
            report(key, "holds '" + position + "', not a position; ignored");
            return null;
        }
    }

    /** Warns once per key (bounded), then logs at debug. */
    private void report(String key, String problem) {
        if (reportedBadKeys.size() >= MAX_REPORTED_BAD_KEYS) {
            reportedBadKeys.clear();
        }
        if (reportedBadKeys.add(key)) {
            LOG.warn("Redis at {}: key {}: {}", where, key, problem);
        } else {
            LOG.debug("Redis at {}: key {}: {}", where, key, problem);
        }
    }
}
