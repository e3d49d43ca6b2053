package io.roomcast.adapters.tcp;

/**
 * The checks of {@link TcpConfig} and its parts ({@link ServerThreads}, {@link TlsConfig},
 * {@link ViewerFlow}, {@link PushLimits}): each failure names the field as {@code TcpConfig.<field>}, the one prefix
 * bootstrap maps back to a setting's key. Stateless.
 */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void positive(String field, long value) {
        check(value > 0, field, "must be positive, got " + value);
    }

    /** @throws IllegalArgumentException {@code TcpConfig.<field>: <problem>} unless {@code ok} */
    static void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("TcpConfig." + field + ": " + problem);
        }
    }
}
