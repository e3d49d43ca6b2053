package io.roomcast.application.service;

import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.domain.message.RoomId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Bounded-load rendezvous hashing: the nodes ranked by a hash of (room, node), highest first;
 * the first node whose load is within {@link #SLACK_FACTOR}{@code ·avg + }{@link #SLACK} of the
 * candidates' mean load comes first, then the next ones by rank. Small rooms so stay on one node
 * (one bus subscription, one shared encode per block), and a room whose node is loaded past the
 * bound spills over to the next. Without a room the nodes go by load. Stateless.
 */
final class BoundedRendezvous {
    static final double SLACK_FACTOR = 1.25;
    static final double SLACK = 0.05;

    private BoundedRendezvous() {
    }

    /**
     * Up to {@code most} of {@code candidates}, best first.
     *
     * @param load each node's load as the caller predicts it
     */
    static List<NodeInfo> order(RoomId room, List<NodeInfo> candidates, ToDoubleFunction<NodeInfo> load, int most) {
        List<NodeInfo> ranked = new ArrayList<>(candidates);
        if (room == null) {
            ranked.sort(Comparator.comparingDouble(load).thenComparing(NodeInfo::id));
            return List.copyOf(ranked.subList(0, Math.min(most, ranked.size())));
        }
        ranked.sort(Comparator.comparingLong((NodeInfo n) -> hash(room.value(), n.id())).reversed()
                .thenComparing(NodeInfo::id));
        double average = ranked.stream().mapToDouble(load).average().orElse(0);
        double bound = SLACK_FACTOR * average + SLACK;
        for (int i = 0; i < ranked.size(); i++) {
            // The least loaded node is at most the mean, so some node is always within the bound.
            if (load.applyAsDouble(ranked.get(i)) <= bound) {
                ranked.add(0, ranked.remove(i));
                break;
            }
        }
        return List.copyOf(ranked.subList(0, Math.min(most, ranked.size())));
    }

    /** A 64-bit hash of (room, node), the same in every JVM: FNV-1a over both, then MurmurHash3's finaliser. */
    static long hash(String room, String node) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (room + '\n' + node).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
