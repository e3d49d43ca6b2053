package io.roomcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The polling scenario's bare phases: a {@link BareUndertow} child driven flat out by the same
 * client as roomcast's flat phase, its answer shaped after roomcast's ({@link Shape}). With
 * {@code --rounds} the bare server is kept between rounds (as warm as roomcast) and roomcast, still
 * up beside it, keeps taking the same publishes. Runs on the scenario's thread.
 */
final class BarePhases {
    /** The bare server's fixed answer: its length and its cursor's. */
    record Shape(int bodyBytes, int cursorChars) {
    }

    private final PollingScenario sc;
    /** Whether roomcast is still up while the bare phases run (between alternating rounds). */
    boolean roomcastUp;
    /** The bare server's pid while a bare phase runs (for the syscall counts), else -1. */
    long underTest = -1;
    /** The bare server kept between rounds (--rounds), so that it is as warm as roomcast; null otherwise. */
    private ChildProcess kept;
    private int keptPort;

    BarePhases(PollingScenario scenario) {
        this.sc = scenario;
    }

    /**
     * The bare server's answer: as long as roomcast's mean answer in {@code flat}, its cursor as long
     * as the cursors the client sent roomcast there (or three characters with {@code --bare-cursor=short}).
     */
    Shape shape(PollingScenario.Phase flat) {
        if (flat == null || flat.polls().polls == 0) {
            return new Shape(sc.bareBodyBytes, 3);
        }
        long polls = flat.polls().polls;
        int cursor = sc.bareCursorSame ? (int) Math.max(3, Math.min(64, Math.round((double) flat.polls().cursorChars / polls))) : 3;
        return new Shape((int) Math.round((double) flat.polls().bodyBytes / polls), cursor);
    }

    /** One bare phase ({@code bare...} on the IO thread, {@code bare-worker} dispatched to a worker). */
    PollingScenario.Phase run(String name, Shape shape, NettyTransport transport) throws IOException, InterruptedException {
        boolean dispatch = name.equals("bare-worker");
        boolean keep = sc.rounds > 1 && !dispatch;
        if (keep && kept != null) {
            return drive(name, shape, transport, kept, keptPort, false);
        }
        int port = ServerUnderTest.freePort();
        sc.progress(name, "starting a bare Undertow server on port " + port);
        ChildProcess bare = sc.closeLater(BareUndertow.startChild(port, sc.serverHeap, shape.bodyBytes(), shape.cursorChars(),
                dispatch, sc.workDir.resolve(name + ".log")));
        if (keep) {
            kept = bare;
            keptPort = port;
        }
        return drive(name, shape, transport, bare, port, !keep);
    }

    /** Stops the bare server kept between rounds. */
    void close() {
        sc.closeNow(kept);
    }

    private PollingScenario.Phase drive(String name, Shape shape, NettyTransport transport, ChildProcess bare, int port,
                                        boolean close) {
        Meter roomcastMeter = sc.meter;
        sc.meter = new Meter(ProcFs.of(bare.pid()));
        ServerUnderTest previous = sc.server;
        sc.server = null;
        Publisher.Stats pubStats = new Publisher.Stats();
        // roomcast is still up between alternating rounds: it gets the same publishes as in its own phase.
        Publisher publisher = sc.barePublish && roomcastUp ? sc.startPublisher(previous, List.of("hot"), pubStats) : null;
        PollingScenario.Phase phase;
        try {
            underTest = bare.pid();
            phase = sc.driver.drive(name, sc.flatConnections + " connections flat out, fixed " + shape.bodyBytes() + "-byte body, "
                    + shape.cursorChars() + "-character cursor"
                    + (name.equals("bare-worker") ? ", dispatched to a worker" : ", on the IO thread")
                    + (publisher != null ? "; roomcast up beside it, publishing as in flat-hot" : ""), transport,
                    new InetSocketAddress("127.0.0.1", port), sc.specs(sc.flatConnections, 1), Pollers.Mode.FLAT,
                    new Windows.Publish.Sampler(pubStats));
        } finally {
            if (publisher != null) {
                sc.closeNow(publisher);
            }
            sc.server = previous;
            sc.meter = roomcastMeter;
            underTest = -1;
        }
        if (close) {
            sc.closeNow(bare);
        }
        return phase;
    }
}
