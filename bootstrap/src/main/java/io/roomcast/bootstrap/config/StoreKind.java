package io.roomcast.bootstrap.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where messages are kept; chosen once at start-up. */
public enum StoreKind {
    /** Chronicle Queue files under the data directory: the embedded default, no Redis needed. */
    CHRONICLE,
    /** Redis sorted sets: for several nodes sharing one Redis. */
    REDIS,
    /** The JVM heap: nothing survives a restart; for tests and trials. */
    MEMORY;

    public static List<String> names() {
        return Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }
}
