package io.roomcast.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointAllocationServiceTest {
    private static final RoomId ROOM = RoomId.of("r1");

    private final SnapshotRegistry registry = new SnapshotRegistry();
    private final EndpointAllocationService allocation =
            new EndpointAllocationService(registry, "a", List.of());

    @Test
    void givenConfiguredEndpoints_answersThemVerbatim_whateverTheRegistrySays() {
        registry.set(node("a", 0, false), node("b", 0, false));
        EndpointAllocationService advertised =
                new EndpointAllocationService(registry, "a", List.of("lb.example:443"));

        assertThat(advertised.endpoints(ROOM, false)).containsExactly("lb.example:443");
        assertThat(advertised.endpoints(ROOM, true)).containsExactly("lb.example:443");
    }

    @Test
    void givenIdleNodes_aRoomGoesToTheSameNodeEveryTime_andTheAnswerNamesThreeNodes() {
        registry.set(node("a", 0, false), node("b", 0, false), node("c", 0, false), node("d", 0, false));

        List<String> first = allocation.endpoints(ROOM, false);
        registry.set(node("d", 0, false), node("c", 0, false), node("b", 0, false), node("a", 0, false));

        assertThat(first).hasSize(3).doesNotHaveDuplicates();
        assertThat(allocation.endpoints(ROOM, false)).isEqualTo(first);
    }

    @Test
    void givenDrainingNodesAndNodesWithoutEndpoints_neverHandsThemOut() {
        registry.set(node("a", 0, false), node("b", 0, true),
                new NodeInfo("c", List.of(), 0, 100, 0, false));

        for (int i = 0; i < 50; i++) {
            assertThat(allocation.endpoints(RoomId.of("room" + i), false)).containsExactly("a:1");
        }
    }

    @Test
    void givenExcludeSelf_neverNamesThisNode_andAnswersNothingWhenItIsAlone() {
        registry.set(node("a", 0, false), node("b", 0.9, false), node("c", 0, false));

        for (int i = 0; i < 50; i++) {
            assertThat(allocation.endpoints(RoomId.of("room" + i), true)).doesNotContain("a:1").hasSize(2);
        }
        registry.set(node("a", 0, false));
        assertThat(allocation.endpoints(ROOM, true)).isEmpty();
    }

    @Test
    void givenNoOtherCandidate_answersThisNodeEvenDraining_andNothingBeforeItsFirstHeartbeat() {
        registry.set(node("a", 0, true));
        assertThat(allocation.endpoints(ROOM, false)).containsExactly("a:1");

        registry.set();
        assertThat(allocation.endpoints(ROOM, false)).isEmpty();
    }

    @Test
    void givenTheRoomsNodeLoadedPastTheBound_theRoomSpillsToTheNextNode() {
        registry.set(node("a", 0.1, false), node("b", 0.1, false), node("c", 0.1, false));
        String home = allocation.endpoints(ROOM, false).get(0);
        List<NodeInfo> loaded = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            loaded.add(node(id, (id + ":1").equals(home) ? 0.9 : 0.1, false));
        }
        registry.set(loaded.toArray(NodeInfo[]::new));

        List<String> answer = allocation.endpoints(ROOM, false);

        assertThat(answer.get(0)).isNotEqualTo(home);
        assertThat(answer).contains(home);
    }

    @Test
    void givenManyViewersWithinOneSnapshot_theyAreSpreadByPredictedLoad_andANewSnapshotStartsOver() {
        registry.set(new NodeInfo("a", List.of("a:1"), 0, 10, 0, false), new NodeInfo("b", List.of("b:1"), 0, 10, 0, false));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            firsts.merge(allocation.endpoints(ROOM, false).get(0), 1, Integer::sum);
        }
        assertThat(firsts).containsOnlyKeys("a:1", "b:1");
        assertThat(firsts.values()).allSatisfy(n -> assertThat(n).isBetween(3, 7));

        String home = BoundedRendezvous.hash(ROOM.value(), "a") > BoundedRendezvous.hash(ROOM.value(), "b") ? "a:1" : "b:1";
        registry.set(new NodeInfo("a", List.of("a:1"), 0, 10, 0, false), new NodeInfo("b", List.of("b:1"), 0, 10, 0, false));
        assertThat(allocation.endpoints(ROOM, false).get(0)).isEqualTo(home);
    }

    @Test
    void givenEveryNodeFull_answersTheLeastLoadedLiveOnesAnyway() {
        registry.set(new NodeInfo("a", List.of("a:1"), 10, 10, 1.0, false), new NodeInfo("b", List.of("b:1"), 10, 10, 1.2, false),
                node("c", 0, true));

        assertThat(allocation.endpoints(null, false)).containsExactly("a:1", "b:1");
    }

    @Test
    void givenIdleNodesAndManyRooms_roomsSpreadOverAllNodes() {
        registry.set(node("a", 0, false), node("b", 0, false), node("c", 0, false));
        Map<String, Integer> homes = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            registry.set(node("a", 0, false), node("b", 0, false), node("c", 0, false));
            homes.merge(allocation.endpoints(RoomId.of("room-" + i), false).get(0), 1, Integer::sum);
        }

        assertThat(homes.values()).hasSize(3).allSatisfy(n -> assertThat(n).isBetween(60, 140));
    }

    private static NodeInfo node(String id, double load, boolean draining) {
        return new NodeInfo(id, List.of(id + ":1"), 0, 100_000, load, draining);
    }

    /** A registry whose snapshot the test sets; each set is a new snapshot, as a heartbeat makes. */
    private static final class SnapshotRegistry implements NodeRegistry {
        private volatile List<NodeInfo> live = List.of();

        void set(NodeInfo... nodes) {
            live = new ArrayList<>(List.of(nodes));
        }

        @Override
        public void heartbeat(NodeInfo self) {
            throw new UnsupportedOperationException("the test sets the snapshot");
        }

        @Override
        public List<NodeInfo> live() {
            return live;
        }

        @Override
        public void leave() {
        }

        @Override
        public void close() {
        }
    }
}
