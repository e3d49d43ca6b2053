package io.roomcast.benchmarks.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * CPU (user and kernel) and memory of the two sides of a run, read from {@code /proc} each time it is
 * asked: the server's process (when its pid is known) and this generator's own. Each
 * {@link #read()} returns the growth since the previous one. Not thread-safe: one reader.
 */
final class Meter {
    /** One interval: its length, CPU seconds used by each side (and of them in the kernel), resident memory at its end, this JVM's GC. */
    record Reading(double seconds, double serverCpu, double clientCpu, double serverSys, double clientSys, long serverRss,
                   long clientRss, long clientGcs, long clientGcMillis) {
    }

    /** The server's processes (several nodes and their Redis: their sums), empty when unknown. */
    private final java.util.List<ProcFs> servers;
    private final ProcFs client = ProcFs.self();
    private long lastNanos;
    private double lastServerCpu;
    private double lastClientCpu;
    private double lastServerSys;
    private double lastClientSys;
    private long lastGcs;
    private long lastGcMillis;

    /** @param server the server's process, or null when unknown */
    Meter(ProcFs server) {
        this(server == null ? java.util.List.of() : java.util.List.of(server));
    }

    /** @param servers the processes that make the server side (a cluster's nodes and Redis), summed */
    Meter(java.util.List<ProcFs> servers) {
        this.servers = java.util.List.copyOf(servers);
        read();
    }

    boolean seesServer() {
        return !servers.isEmpty();
    }

    Reading read() {
        long now = System.nanoTime();
        boolean alive = !servers.isEmpty() && servers.stream().allMatch(ProcFs::alive);
        double serverCpu = alive ? servers.stream().mapToDouble(ProcFs::cpuSeconds).sum() : lastServerCpu;
        double clientCpu = client.cpuSeconds();
        double serverSys = alive ? servers.stream().mapToDouble(ProcFs::systemCpuSeconds).sum() : lastServerSys;
        double clientSys = client.systemCpuSeconds();
        long gcs = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        Reading r = new Reading(lastNanos == 0 ? 0 : (now - lastNanos) / 1e9,
                serverCpu - lastServerCpu, clientCpu - lastClientCpu, serverSys - lastServerSys, clientSys - lastClientSys,
                alive ? servers.stream().mapToLong(ProcFs::rssBytes).sum() : 0, client.rssBytes(),
                gcs - lastGcs, gcMillis - lastGcMillis);
        lastNanos = now;
        lastServerCpu = serverCpu;
        lastClientCpu = clientCpu;
        lastServerSys = serverSys;
        lastClientSys = clientSys;
        lastGcs = gcs;
        lastGcMillis = gcMillis;
        return r;
    }

    /** The sum of several readings (a phase of a run). Not thread-safe. */
    static final class Totals {
        double seconds;
        double serverCpu;
        double clientCpu;
        double serverSys;
        double clientSys;
        long serverRss;
        long peakServerRss;
        long clientRss;
        long clientGcs;
        long clientGcMillis;

        void add(Reading r) {
            seconds += r.seconds();
            serverCpu += r.serverCpu();
            clientCpu += r.clientCpu();
            serverSys += r.serverSys();
            clientSys += r.clientSys();
            serverRss = r.serverRss();
            peakServerRss = Math.max(peakServerRss, r.serverRss());
            clientRss = r.clientRss();
            clientGcs += r.clientGcs();
            clientGcMillis += r.clientGcMillis();
        }

        double serverCores() {
            return seconds == 0 ? 0 : serverCpu / seconds;
        }

        double clientCores() {
            return seconds == 0 ? 0 : clientCpu / seconds;
        }

        double perSecond(long n) {
            return seconds == 0 ? 0 : n / seconds;
        }
    }
}
