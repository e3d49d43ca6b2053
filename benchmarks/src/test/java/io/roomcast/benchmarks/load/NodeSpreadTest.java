package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeSpreadTest {

    @Test
    void givenThreeNodes_node_isRoundRobinFromThePublishingNode() {
        assertThat(NodeSpread.node(0, 3)).isZero();
        assertThat(NodeSpread.node(1, 3)).isEqualTo(1);
        assertThat(NodeSpread.node(2, 3)).isEqualTo(2);
        assertThat(NodeSpread.node(3, 3)).isZero();
        assertThat(NodeSpread.node(7, 1)).isZero();
    }

    @Test
    void givenOneNode_sampled_isEveryNth() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(NodeSpread.sampled(i, 1, 100)).isEqualTo(i % 100 == 0);
        }
    }

    @Test
    void givenTwoNodesAndAnEvenEvery_sampled_givesEachNodeTheSameShare() {
        assertThat(sampledPerNode(10_000, 2, 100)).containsExactly(50, 50);
    }

    @Test
    void givenThreeNodes_sampled_isOneInEveryAndEven() {
        assertThat(sampledPerNode(30_000, 3, 100)).containsExactly(100, 100, 100);
    }

    private static int[] sampledPerNode(int viewers, int nodes, int every) {
        int[] perNode = new int[nodes];
        for (int i = 0; i < viewers; i++) {
            if (NodeSpread.sampled(i, nodes, every)) {
                perNode[NodeSpread.node(i, nodes)]++;
            }
        }
        return perNode;
    }
}
