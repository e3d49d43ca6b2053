package io.roomcast.benchmarks.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Churn against a running node, beside the soak's steady load: rooms start and end (each lives
 * {@code --room-life} seconds, {@code --rooms} at a time, a new one starting as one ends), viewers
 * join and leave (per room {@code --stayers} that stay from before its first message to its end,
 * {@code --returners} that also stay but leave once and come back by cursor, and passers-by joining
 * live rooms at {@code --passers-per-second} and leaving for good after 2-20 s). Each room gets
 * {@code --rate} messages/s over HTTP while it lives. At a room's end every viewer that stayed (or
 * came back) must account for every accepted message (delivered + skipped = published) with nothing
 * twice; the summary prints the counts and exits 1 when one does not.
 * <pre>
 * java -cp benchmarks.jar io.roomcast.benchmarks.load.Churn --server=127.0.0.1:8080 --tcp=127.0.0.1:9443 \
 *     --api-key=K --token-secret=S --duration=180 [--rooms=20 --room-life=60 --stayers=4 --returners=4
 *     --passers-per-second=5 --rate=4 --plain --out=churn.md --csv=churn.csv]
 * </pre>
 */
public final class Churn {
    private final Options options;
    private final String[] tcp;
    private final String apiKey;
    private final UserTokens tokens;
    private final boolean plain;
    private final URI messages;
    private final HttpClient http = HttpClient.newHttpClient();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<ChurnRoom> live = new CopyOnWriteArrayList<>();
    private final Set<ChurnViewer> passersBy = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong leaves = new AtomicLong();
    private final AtomicLong comebacks = new AtomicLong();
    private final AtomicLong passerDuplicates = new AtomicLong();
    private final AtomicLong users = new AtomicLong();
    private final ChurnTally tally = new ChurnTally();

    private Churn(Options options) {
        this.options = options;
        this.tcp = options.string("tcp", "127.0.0.1:9443").split(":");
        this.apiKey = options.string("api-key", "");
        this.tokens = new UserTokens(options.string("token-secret", ""));
        this.plain = options.flag("plain", false);
        this.messages = URI.create("http://" + options.string("server", "127.0.0.1:8080") + "/api/v1/messages");
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Churn churn = new Churn(options);
        int code = churn.run();
        System.exit(code);
    }

    private int run() throws Exception {
        long duration = options.longValue("duration", 180, 1, 86_400);
        int rooms = options.integer("rooms", 20, 1, 10_000);
        int life = options.integer("room-life", 60, 2, 86_400);
        int stayers = options.integer("stayers", 4, 1, 1_000);
        int returners = options.integer("returners", 4, 0, 1_000);
        double passers = options.decimal("passers-per-second", 5, 0, 10_000);
        int rate = options.integer("rate", 4, 1, 1_000);
        String out = options.string("out", null);
        String csv = options.string("csv", null);
        options.rejectUnknown();

        long start = System.currentTimeMillis();
        long deadline = start + duration * 1000;
        PrintWriter samples = csv == null ? null : new PrintWriter(Files.newBufferedWriter(Path.of(csv)), true);
        if (samples != null) {
            samples.println("seconds,rooms_live,rooms_started,rooms_ended,viewers_connected,joins,leaves");
            scheduler.scheduleAtFixedRate(() -> samples.printf(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d%n",
                    (System.currentTimeMillis() - start) / 1000, live.size(), tally.started.get(), tally.ended.get(),
                    connected.get(), joins.get(), leaves.get()), 0, 10, TimeUnit.SECONDS);
        }
        ScheduledFuture<?> passing = passers <= 0 ? null : scheduler.scheduleAtFixedRate(this::passBy, 500,
                Math.max(1, (long) (1000 / passers)), TimeUnit.MILLISECONDS);
        List<long[]> ends = new ArrayList<>();  // per live room: its end time, in live's order
        List<ScheduledFuture<?>> publishers = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            // The first rooms end spread over one life, so that rooms end and start all through the run.
            startRoom(rate, stayers, returners, start + (long) life * 1000 * (i + 1) / rooms, ends, publishers);
        }
        while (!live.isEmpty()) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < live.size(); i++) {
                if (ends.get(i)[0] <= now) {
                    ChurnRoom ending = live.remove(i);
                    ends.remove(i);
                    publishers.remove(i).cancel(false);
                    endRoom(ending);
                    if (now < deadline) {
                        startRoom(rate, stayers, returners, Math.min(deadline, now + life * 1000L), ends, publishers);
                    }
                    break;
                }
            }
            Thread.sleep(100);
        }
        if (passing != null) {
            passing.cancel(false);
        }
        passersBy.forEach(this::passerLeaves);
        scheduler.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        String report = tally.report(joins.get(), leaves.get(), comebacks.get(), passerDuplicates.get());
        System.out.print(report);
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        if (samples != null) {
            samples.close();
        }
        return tally.failed() || passerDuplicates.get() > 0 ? 1 : 0;
    }

    private void startRoom(int rate, int stayers, int returners, long endsAt, List<long[]> ends,
                           List<ScheduledFuture<?>> publishers) throws Exception {
        ChurnRoom room = new ChurnRoom("churn-" + tally.started.incrementAndGet());
        List<LongConnectionClient> clients = new ArrayList<>();
        for (int i = 0; i < stayers + returners; i++) {
            ChurnViewer v = new ChurnViewer("c" + users.incrementAndGet());
            room.staying.add(v);
            clients.add(attach(v, room.id, ""));
            if (i >= stayers) {
                long leaveAfter = ThreadLocalRandom.current().nextLong(1_000, Math.max(1_001, endsAt - System.currentTimeMillis()));
                scheduler.schedule(() -> comeBack(v, room.id), leaveAfter, TimeUnit.MILLISECONDS);
            }
        }
        for (LongConnectionClient c : clients) {
            c.firstWelcome().get(60, TimeUnit.SECONDS);
        }
        live.add(room);
        ends.add(new long[] {endsAt});
        publishers.add(scheduler.scheduleAtFixedRate(() -> room.publishOne(http, messages, apiKey), 0,
                Math.max(1, 1000 / rate), TimeUnit.MILLISECONDS));
    }

    /** A returner leaves with its cursor and comes back 1-3 s later with it (a viewer that never got a cursor stays). */
    private void comeBack(ChurnViewer v, String room) {
        if (v.client() == null || v.cursor().isEmpty()) {
            return;
        }
        String cursor = v.leave();
        connected.decrementAndGet();
        leaves.incrementAndGet();
        scheduler.schedule(() -> {
            if (!v.retired()) {
                attach(v, room, cursor);
                comebacks.incrementAndGet();
            }
        }, ThreadLocalRandom.current().nextLong(1_000, 3_000), TimeUnit.MILLISECONDS);
    }

    /** The room stops publishing; once the last answer is in, its viewers' accounts are checked and they leave. */
    private void endRoom(ChurnRoom room) throws InterruptedException {
        room.end();
        long drainUntil = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < drainUntil && !(room.settled() && room.accountedFor())) {
            Thread.sleep(50);
        }
        tally.check(room);
        for (ChurnViewer v : room.staying) {
            if (v.retire()) {
                connected.decrementAndGet();
                leaves.incrementAndGet();
            }
        }
        tally.ended.incrementAndGet();
    }

    private void passBy() {
        if (live.isEmpty()) {
            return;
        }
        ChurnRoom room = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        ChurnViewer v = new ChurnViewer("p" + users.incrementAndGet());
        passersBy.add(v);
        attach(v, room.id, "");
        tally.passersBy.incrementAndGet();
        scheduler.schedule(() -> passerLeaves(v), ThreadLocalRandom.current().nextLong(2_000, 20_000), TimeUnit.MILLISECONDS);
    }

    private void passerLeaves(ChurnViewer v) {
        if (passersBy.remove(v)) {
            v.leave();
            connected.decrementAndGet();
            leaves.incrementAndGet();
            passerDuplicates.addAndGet(v.duplicates());
        }
    }

    private LongConnectionClient attach(ChurnViewer v, String room, String cursor) {
        LongConnectionClient.Builder b = LongConnectionClient.builder().endpoint(tcp[0], Integer.parseInt(tcp[1]))
                .tls(plain ? Tls.plaintext() : Tls.insecureTrustAll()).token(tokens.issue(v.user, Duration.ofHours(4)))
                .room(room).listener(v.newSession()).eventLoopGroup(group).backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        if (!cursor.isEmpty()) {
            b.cursor(cursor);
        }
        LongConnectionClient c = b.build().start();
        v.attach(c);
        connected.incrementAndGet();
        joins.incrementAndGet();
        return c;
    }
}
