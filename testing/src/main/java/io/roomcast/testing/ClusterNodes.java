package io.roomcast.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The slot owners of a {@code CLUSTER NODES} reply, for {@link RedisClusterProcess}. A line is
 * {@code <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...};
 * importing and migrating entries ({@code [5-<-id]}) are not ownership and are ignored. Immutable.
 */
final class ClusterNodes {
    private record Range(int first, int last, String node) {
    }

    private final List<Range> ranges;

    private ClusterNodes(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    static ClusterNodes parse(String reply) {
        List<Range> ranges = new ArrayList<>();
        for (String line : reply.split("\n")) {
            String[] fields = line.strip().split(" ");
            for (int i = 8; i < fields.length; i++) {
                String slots = fields[i];
                if (slots.startsWith("[")) {
                    continue;
                }
                int dash = slots.indexOf('-');
                int first = Integer.parseInt(dash < 0 ? slots : slots.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(slots.substring(dash + 1));
                ranges.add(new Range(first, last, fields[0]));
            }
        }
        return new ClusterNodes(ranges);
    }

    /** The node id that serves {@code slot}, or null when none does. */
    String ownerOf(int slot) {
        for (Range r : ranges) {
            if (slot >= r.first() && slot <= r.last()) {
                return r.node();
            }
        }
        return null;
    }
}
