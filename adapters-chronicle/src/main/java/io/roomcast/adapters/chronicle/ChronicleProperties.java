package io.roomcast.adapters.chronicle;

/**
 * The system properties that keep Chronicle quiet: no analytics (the server must not reach the
 * internet; the {@code chronicle-analytics} jar is also excluded) and no release-notes banner.
 * Set from the static initialisers of the adapter's entry points, before a queue is built; the
 * JVM flag {@code -Dchronicle.analytics.disable=true} does the same from the command line.
 */
final class ChronicleProperties {
    static final String ANALYTICS_DISABLE = "chronicle.analytics.disable";
    static final String ANNOUNCER_DISABLE = "chronicle.announcer.disable";

    private ChronicleProperties() {
    }

    static void apply() {
        System.setProperty(ANALYTICS_DISABLE, "true");
        System.setProperty(ANNOUNCER_DISABLE, "true");
    }
}
