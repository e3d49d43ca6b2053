package io.roomcast.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator: drives a roomcast node over real sockets (HTTP publishes and polls, long
 * connections) in one of five scenarios (and a Redis pub/sub baseline for the hot room), prints a progress line every second on stderr and a
 * Markdown report on stdout (and into {@code --out=}). By default it spawns the node itself from
 * {@code bootstrap/target/roomcast.jar}; see {@link #HELP} and {@code benchmarks/LOAD.md}.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.load.LoadGenerator --scenario=hot-room --plain
 * </pre>
 */
public final class LoadGenerator {
    static final String HELP = """
            roomcast load generator: drives a roomcast node over real sockets and reports what it delivered.

              java -Xmx4g -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.load.LoadGenerator --scenario=NAME [options]

            Progress goes to stderr once a second, the Markdown report to stdout (and to --out=FILE). Every run is bounded in
            time. By default the node is spawned from bootstrap/target/roomcast.jar on free loopback ports and stopped at the end.

            Scenarios (--scenario=):
              hot-room    1 room, --viewers=10000 long connections, --rate=2000 messages/s published over HTTP, render budget
                          off: deliveries/s at the viewers, publish->receive latency (and its parts), skipped by reason, CPU
                          of both sides, syscalls. --sweep=250,500,1000,2000 holds several rates in turn on the same viewers
                          and adds a summary table; with --out=FILE.md also FILE-sweep.png, the curve (see benchmarks/LOAD.md).
              many-rooms  --rooms=1000 x --viewers-per-room=20, --rate-per-room=20: the same figures (--sweep= too).
              idle        --connections=100000 idle long connections (capped by the open-files limits), heartbeats every
                          --heartbeat-ms=10000, held --hold=60 s: server memory per connection (RSS, live heap), heap histogram.
              polling     --pollers=10000 guests on one hot room (--rate=2000 published), then on --spread-rooms=1000 rooms,
                          honouring pollAfterMs; then --flat-connections=64 flat out on the hot room; then the same client flat
                          out against a bare Undertow (same heap, IO and worker threads) returning a fixed body of the same
                          size, on the IO thread and dispatched to a worker: roomcast's rate as a % of the bare one.
                          --phases=paced-hot,paced-rooms,flat-hot,bare,bare-worker picks phases; --limit=N, --poll-viewer-ids=false;
                          --rounds=N alternates flat-hot and bare N times and reports the median of the per-round ratios.
                          Phase slices-nginx (ask for it: --phases=paced-hot,slices-nginx): the same guests polling slices
                          through a real nginx cache (Debian's nginx): served to guests, reaching roomcast, CPU per guest poll.
              burst       one room: --quiet-rate=1 msg/s for --before=10 s, --burst-rate=5000 for --burst=10 s, quiet for
                          --after=20 s; default room and render budgets; --viewers=500 long connections and --pollers=500
                          guests: per-second timeline, drops by rule, recovery.
              redis-pubsub  baseline for hot-room: the same traffic through a plain Redis pub/sub. Starts its own redis-server
                          (/usr/bin/redis-server or REDIS_SERVER; free port, --save '' --appendonly no, maxclients above the
                          subscribers; more settings with --redis.NAME=VALUE, e.g. --redis.client-output-buffer-limit="pubsub 0 0 0")
                          and stops it at the end. --viewers=10000 subscribers of one channel (plain TCP, the same Netty client
                          threads), one connection publishing --rate=2000 messages/s (pipelined PUBLISH every --tick-ms, same
                          payloads): deliveries/s, publish->receive latency, CPU of redis-server and the generator. --sweep=,
                          --warmup=, --duration=, --drain=, --payload-bytes=, --latency-every= as hot-room.

            Server:
              --server-jar=PATH          roomcast jar (default bootstrap/target/roomcast.jar)
              --server-heap=SIZE         -Xmx of the server (default 1g; also the bare server's)
              --server-jvm="FLAGS"       more server JVM flags, space-separated (e.g. -XX:MaxDirectMemorySize=4g)
              --store=memory|chronicle|redis   (default memory: these scenarios measure delivery, not storage). redis:
                                         the generator starts its own redis-server (free port, nothing on disk) unless
                                         --server.redis.url= is given, and reports Redis commands, usec and bytes per
                                         accepted message (INFO commandstats and stats over the measure window)
              --nodes=N                  hot-room, many-rooms with --store=redis: N nodes on that one Redis, viewers spread
                                         round-robin over them, publishes through node 1; adds the e2e of the viewers on
                                         the other nodes against node 1's (node 1 gets its messages over the bus too; the
                                         bus against none: --nodes=1 --server.cluster.enabled=false). Server CPU = all nodes + Redis
              --server.SETTING=VALUE     any roomcast setting, e.g. --server.block.window.ms=200 (wins over the scenario's)
              --server-open-files=N      run the server under 'ulimit -n N' (the hard limit must allow it)
              --server-histogram         heap class histogram at the end of each measure window (idle: on by default)
              --server-nmt               idle: native memory tracking, summary diff in the report
              --server=HOST:PORT         drive a node that is already running (HTTP port; loopback only) with --api-key=,
                                         --token-secret=, optionally --server-pid=N (to measure it) and --tcp=HOST:PORT
            Client:
              --plain                    long connections without TLS (the server is spawned with tcp.tls=false)
              --viewer-client=lean|module  lean Netty frame scanner (default) or the client module's LongConnectionClient
              --transport=tcp|ws         viewers on the TLS long-connection port (default) or on WebSocket, /api/v1/ws of the
                                         HTTP port (binary frames, the same lean viewer; one node)
              --acks                     viewers acknowledge blocks (Hello.acks; an Ack at most every Welcome.ack_ms)
              --client-threads=N         Netty event loops in the generator (default: cores)
              --connect-rate=N           new connections per second in the ramp (TLS 1000, plain 2000; burst 500/1000)
              --latency-every=N          decode latencies on every Nth viewer (hot-room 100, many-rooms 10, burst 1) or
                                         poller (polling 100)
              --source-ips=A,B           local addresses for long connections (default: 127.0.0.x as needed, 25,000 each)
              --payload-bytes=N          payload size (default 100)
              --mix=KIND=W,...           kinds of message: chat (LOW), notify (LOWEST), gift (100 coins), biggift (5000,
                                         HIGH), pk, critical; default chat=1, burst chat=50,notify=20,gift=20,biggift=10
              --tick-ms=N --max-batch=N  a publish batch every N ms (50), at most N messages per request (500)
              --max-in-flight=N          at most N publish requests unanswered; the rest is not sent (64)
            Run:
              --warmup=S --duration=S    warm-up (not counted) and measure seconds (push 5/20, polling 5/15 per phase)
              --drain=S                  push scenarios: longest wait for the last blocks after publishing stops (30)
              --ramp-timeout=S           longest ramp (default: 3 x connections / connect rate, at least 120 s)
              --perf-seconds=S           perf stat syscall counts over S seconds mid-window (default 5; 0: off)
              --work-dir=DIR             server log, GC log, perf output (default a new directory under the temp dir)
              --out=FILE                 also write the report to FILE (and a sweep's chart to FILE-sweep.png, FILE less .md)
              --help                     this text
            """;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length == 0 || options.flag("help", false)) {
            System.out.print(HELP);
            return;
        }
        String command = commandLine(args);
        Scenario scenario;
        String report;
        try {
            String name = options.oneOf("scenario", "", "hot-room", "many-rooms", "idle", "polling", "burst", "redis-pubsub");
            scenario = switch (name) {
                case "hot-room" -> PushScenario.hotRoom(options, command);
                case "many-rooms" -> PushScenario.manyRooms(options, command);
                case "idle" -> new IdleScenario(options, command);
                case "polling" -> new PollingScenario(options, command);
                case "burst" -> new BurstScenario(options, command);
                case "redis-pubsub" -> new RedisPubSubScenario(options, command);
                default -> throw new IllegalArgumentException("unknown scenario " + name);
            };
            options.string("out", null);
            options.list("source-ips", List.of());
            options.oneOf("viewer-client", "lean", "lean", "module");
            options.oneOf("transport", "tcp", "tcp", "ws");
            options.flag("acks", false);
            for (String k : List.of("server", "server-pid", "api-key", "token-secret", "tcp", "server-jar", "server-heap",
                    "server-jvm", "store", "server-open-files")) {
                options.has(k);
            }
            options.withPrefix("server.");
            options.rejectUnknown();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        report = scenario.run();
        System.out.println(report);
        String out = options.string("out", null);
        if (out != null) {
            Path file = Path.of(out);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, report, StandardCharsets.UTF_8);
            System.err.println("report written to " + file.toAbsolutePath());
        }
        // Netty and HTTP client threads are daemons, but a child process or a lingering non-daemon thread must not hold the JVM.
        System.exit(0);
    }

    /** The command that ran this generator, as one line for the report. */
    static String commandLine(String[] args) {
        List<String> parts = new ArrayList<>();
        parts.add("java");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            parts.add(arg);
        }
        parts.add("-cp");
        parts.add(shortClassPath(System.getProperty("java.class.path")));
        parts.add(LoadGenerator.class.getName());
        parts.addAll(List.of(args));
        return String.join(" ", parts);
    }

    private static String shortClassPath(String cp) {
        try {
            Path p = Path.of(cp);
            Path cwd = Path.of("").toAbsolutePath();
            return p.isAbsolute() && p.startsWith(cwd) ? cwd.relativize(p).toString() : cp;
        } catch (RuntimeException e) {
            return cp;
        }
    }
}
