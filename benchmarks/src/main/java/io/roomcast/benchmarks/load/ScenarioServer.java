package io.roomcast.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side every scenario shares: how its server under test is had (spawned with the
 * scenario's settings, or the one given with {@code --server=host:port}) and how many connections
 * the open-files limits of both processes allow. Writes the scenario's notes and progress lines;
 * called through {@link Scenario}. Stateless.
 */
final class ScenarioServer {
    /** File descriptors a JVM needs besides its sockets (jars, epoll, selectors, logs). */
    static final int FD_HEADROOM = 400;

    private ScenarioServer() {
    }

    /**
     * Starts the node with the scenario's settings (the user's {@code --server.<setting>=} win), or
     * connects to the one given with {@code --server=host:port}.
     */
    static ServerUnderTest start(Scenario s, boolean tls, Map<String, String> scenarioSettings, String room) {
        ServerUnderTest server;
        if (s.options.has("server")) {
            String hostPort = s.options.string("server", null);
            ClientNetwork.requireLoopback(hostPort.substring(0, hostPort.lastIndexOf(':')));
            long pid = s.options.longValue("server-pid", -1, -1, Long.MAX_VALUE);
            String apiKey = s.options.string("api-key", null);
            String secret = s.options.string("token-secret", null);
            if (apiKey == null || secret == null) {
                throw new IllegalArgumentException("--server=host:port needs --api-key= and --token-secret= (the node's api.keys and token.secret)");
            }
            server = ServerUnderTest.external(hostPort, pid, apiKey, secret, tls, s.options.string("tcp", null), room);
            s.notes.add("The server was already running (--server): the scenario's own settings were NOT applied; it expects "
                    + scenarioSettings + " and TLS " + (tls ? "on" : "off") + "."
                    + (pid > 0 ? "" : " No --server-pid: server CPU and memory are not measured."));
        } else {
            Map<String, String> settings = new LinkedHashMap<>(scenarioSettings);
            settings.put("store", s.options.oneOf("store", settings.getOrDefault("store", "memory"), "memory", "chronicle", "redis"));
            // Every poller runs on this one machine, so they share one address, and the flat-out phases poll as
            // fast as answers come by design: the per-client limits would measure themselves (the 429s they
            // answer cost less than a poll). --server.poll.limit.address.per.second= and
            // --server.poll.limit.viewer.per.second= put them back.
            settings.putIfAbsent("poll.limit.address.per.second", "0");
            settings.putIfAbsent("poll.limit.viewer.per.second", "0");
            settings.putAll(s.options.withPrefix("server."));
            String jvm = s.options.string("server-jvm", "");
            ServerUnderTest.Spawn spawn = new ServerUnderTest.Spawn(
                    Path.of(s.options.string("server-jar", "bootstrap/target/roomcast.jar")),
                    s.serverHeap,
                    jvmArgs(jvm, s.extraServerJvm),
                    settings, tls, s.workDir, s.options.longValue("server-open-files", 0, 0, 1 << 30));
            s.progress("start", "starting roomcast (" + (tls ? "TLS" : "plain TCP") + ", " + settings + ")");
            server = ServerUnderTest.spawn(spawn);
            s.progress("start", "roomcast is up: pid " + server.pid + ", HTTP " + server.http + ", long connections " + server.tcp
                    + "; log " + server.log);
        }
        return server;
    }

    private static List<String> jvmArgs(String given, List<String> extraServerJvm) {
        List<String> out = new ArrayList<>(given.isBlank() ? List.of() : Arrays.asList(given.trim().split("\\s+")));
        out.addAll(extraServerJvm);
        return out;
    }

    /**
     * Caps a connection count at what both processes' open-files limits allow, noting it when it
     * does (the generator holds one socket per connection, the server one per accepted connection).
     */
    static int capConnections(Machine machine, ProcFs measured, List<String> notes, String what, int wanted,
                              int otherClientSockets, int otherServerSockets) {
        long client = machine.openFilesLimit() < 0 ? Long.MAX_VALUE : machine.openFilesLimit() - FD_HEADROOM - otherClientSockets;
        long serverLimit = Long.MAX_VALUE;
        ProcFs proc = measured;
        if (proc != null) {
            long max = proc.maxOpenFiles();
            if (max > 0) {
                serverLimit = max - FD_HEADROOM - otherServerSockets;
            }
        }
        long cap = Math.min(client, serverLimit);
        if (wanted <= cap) {
            return wanted;
        }
        int capped = (int) Math.max(0, cap);
        notes.add("SCALED DOWN: " + what + " asked " + Fmt.count(wanted) + ", ran " + Fmt.count(capped)
                + ": the open-files limit (RLIMIT_NOFILE) is " + Fmt.count(machine.openFilesLimit()) + " for the generator"
                + (serverLimit == Long.MAX_VALUE ? "" : " and " + Fmt.count(proc.maxOpenFiles()) + " for the server")
                + ", one file per socket, minus " + FD_HEADROOM + " for each JVM's own files. Raise the hard limit "
                + "(needs CAP_SYS_RESOURCE or limits.conf; --server-open-files= runs the server under 'ulimit -n') to go further.");
        return capped;
    }
}
