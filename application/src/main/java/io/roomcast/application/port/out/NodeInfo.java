package io.roomcast.application.port.out;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One node as the {@link NodeRegistry} knows it: its id, the long-connection endpoints it offers
 * ({@code host:port}; none when it has no long connections), how many it holds and may hold, its
 * load and whether it is draining (shutting down: hand it out no more). Immutable.
 *
 * @param load how busy the node is, 0 (idle) and up: the largest of {@code connections/maxConnections}
 *             and the other shares the node measures (its process CPU), so 1 is full
 */
public record NodeInfo(String id, List<String> tcp, int connections, int maxConnections, double load, boolean draining) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public NodeInfo {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id: 1-64 characters of [A-Za-z0-9_.-], got '" + id + "'");
        }
        tcp = List.copyOf(tcp);
        if (connections < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("connections " + connections + " of " + maxConnections);
        }
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load must be 0 or more, got " + load);
        }
    }

    /** Whether {@code id} is a valid node id. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The same node, draining. */
    public NodeInfo asDraining() {
        return new NodeInfo(id, tcp, connections, maxConnections, load, true);
    }
}
