package io.roomcast.benchmarks.load;

/**
 * How a hot room's viewers spread over several nodes: viewer {@code i} connects to node
 * {@code i % nodes} (round-robin, node 0 the publishing one), and the latency sample takes
 * {@code nodes} neighbours in every {@code every x nodes} viewers, so each node gets the same share
 * of sampled viewers whatever the two numbers (with {@code i % every} alone, two nodes and an even
 * {@code every} would sample node 0 only). With one node it is {@code i % every == 0}.
 */
final class NodeSpread {
    private NodeSpread() {
    }

    /** The node viewer {@code viewer} connects to, 0 to {@code nodes - 1}. */
    static int node(int viewer, int nodes) {
        return nodes <= 1 ? 0 : viewer % nodes;
    }

    /** Whether viewer {@code viewer} decodes latencies, about one in {@code every}, evenly over the nodes. */
    static boolean sampled(int viewer, int nodes, int every) {
        return (viewer / Math.max(1, nodes)) % every == 0;
    }
}
