package io.roomcast.bootstrap;

import io.roomcast.application.port.out.NodeInfo;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.domain.error.RoomcastException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's presence in the {@link NodeRegistry}: a heartbeat every
 * {@link NodeRegistry#HEARTBEAT_MILLIS} with its connections and load (the larger of
 * {@code connections/max} and its process CPU); {@link #drain} marks it draining with a heartbeat
 * sent at once, {@link #leave} stops the beats and removes the entry. A failed heartbeat is logged
 * (once per outage) and the next one tries again. Thread-safe.
 */
final class NodeHeartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeRegistry registry;
    private final String id;
    private final List<String> tcp;
    private final IntSupplier connections;
    private final int maxConnections;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "roomcast-node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private boolean draining;
    private boolean failing;

    NodeHeartbeat(NodeRegistry registry, String id, List<String> tcp, IntSupplier connections, int maxConnections) {
        this.registry = registry;
        this.id = id;
        this.tcp = List.copyOf(tcp);
        this.connections = connections;
        this.maxConnections = maxConnections;
    }

    /** The first heartbeat now (so the snapshot holds this node before HTTP answers), then one per interval. */
    void start() {
        beat();
        timer.scheduleWithFixedDelay(this::beat, NodeRegistry.HEARTBEAT_MILLIS, NodeRegistry.HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.info("node {} registered with long-connection endpoints {}", id, tcp);
    }

    /** Draining from now: the entry says so at once, and the other nodes stop handing this one out. */
    void drain() {
        synchronized (this) {
            draining = true;
        }
        beat();
    }

    /** No more heartbeats; the entry is removed. */
    void leave() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            registry.leave();
        } catch (RoomcastException e) {
            LOG.warn("node {} could not leave the node registry (its entry expires by itself): {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void beat() {
        int open = connections.getAsInt();
        double load = Math.max((double) open / maxConnections, processCpu());
        try {
            registry.heartbeat(new NodeInfo(id, tcp, open, maxConnections, load, draining));
            if (failing) {
                LOG.info("node {} reaches the node registry again", id);
            }
            failing = false;
        } catch (RoomcastException e) {
            if (!failing) {
                LOG.warn("node {} heartbeat failed (others stop handing it out within {} ms): {}", id,
                        NodeRegistry.HEARTBEAT_MILLIS * NodeRegistry.TTL_HEARTBEATS, e.getMessage());
            }
            failing = true;
        }
    }

    /** This process's share of the machine's CPU since the last heartbeat, 0 when not known. */
    private static double processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getProcessCpuLoad();
            return load >= 0 && load <= 1 ? load : 0;
        }
        return 0;
    }
}
