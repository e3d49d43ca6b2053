package io.roomcast.benchmarks.load;

import java.util.List;

/** A fleet of viewers on long connections, counting what they receive into a {@link DeliveryStats}. */
interface Viewers extends AutoCloseable {

    /** One viewer: its user id and signed token, its room, and whether it decodes latencies. */
    record Spec(String userId, String token, String room, boolean sampled) {
    }

    /** Starts opening {@code specs} at about {@code perSecond} connections a second; returns at once. */
    void open(List<Spec> specs, double perSecond);

    /** Connections asked for so far (the ramp's progress). */
    int started();

    /** What this fleet is, for the report. */
    String describe();

    /** Closes every connection and stops reconnecting; waits up to a few seconds. */
    @Override
    void close();
}
