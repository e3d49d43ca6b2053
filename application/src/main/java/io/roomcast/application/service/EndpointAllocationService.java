package io.roomcast.application.service;

import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hands out live nodes by load, from the registry's snapshot: candidates are live, not draining,
 * with endpoints and room for more connections (when none has room, every live one, the least
 * loaded first), ranked by {@link BoundedRendezvous}; the answer is the first {@link #NODES} nodes'
 * endpoints. Between two snapshots each viewer sent to a node counts in that node's predicted load
 * ({@code 1/maxConnections} each), so callers within one heartbeat do not all pick the same node.
 * Configured endpoints ({@code tcp.advertise}, a load balancer) win over all of this. With no
 * candidate this node's own endpoints answer (as its snapshot entry has them), unless it is to be
 * excluded. Thread-safe.
 */
public final class EndpointAllocationService implements AllocateEndpointUseCase {
    /** How many nodes an answer names: the chosen one, then fallbacks. */
    static final int NODES = 3;

    private final NodeRegistry registry;
    private final String selfId;
    private final List<String> configured;
    private final Map<String, Integer> assigned = new HashMap<>();
    private List<NodeInfo> counted = List.of();

    /** @param configured endpoints to answer whatever the registry says ({@code tcp.advertise}); empty: none */
    public EndpointAllocationService(NodeRegistry registry, String selfId, List<String> configured) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.configured = List.copyOf(configured);
    }

    @Override
    public List<String> endpoints(RoomId room, boolean excludeSelf) {
        if (!configured.isEmpty()) {
            return configured;
        }
        List<NodeInfo> live = registry.live();
        List<NodeInfo> open = new ArrayList<>();
        List<NodeInfo> full = new ArrayList<>();
        for (NodeInfo node : live) {
            if (!node.draining() && !node.tcp().isEmpty() && !(excludeSelf && node.id().equals(selfId))) {
                (node.connections() < node.maxConnections() ? open : full).add(node);
            }
        }
        List<NodeInfo> candidates = open.isEmpty() ? full : open;
        if (candidates.isEmpty()) {
            return excludeSelf ? List.of() : live.stream().filter(n -> n.id().equals(selfId)).findFirst()
                    .map(NodeInfo::tcp).orElse(List.of());
        }
        List<String> answer = new ArrayList<>();
        synchronized (this) {
            if (live != counted) {
                // A new snapshot holds what the nodes count now: start predicting afresh.
                counted = live;
                assigned.clear();
            }
            List<NodeInfo> chosen = BoundedRendezvous.order(room, candidates, this::predictedLoad, NODES);
            assigned.merge(chosen.get(0).id(), 1, Integer::sum);
            chosen.forEach(n -> answer.addAll(n.tcp()));
        }
        return List.copyOf(answer);
    }

    private double predictedLoad(NodeInfo node) {
        return node.load() + (double) assigned.getOrDefault(node.id(), 0) / node.maxConnections();
    }
}
