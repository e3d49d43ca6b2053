package io.roomcast.benchmarks.load;

import io.netty.buffer.Unpooled;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.LongConnectionListener;
import io.roomcast.client.Tls;
import io.roomcast.protocol.v1.Block;
import io.roomcast.protocol.v1.Error;
import io.roomcast.protocol.v1.GoAway;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.Priority;
import io.roomcast.protocol.v1.Skipped;
import io.roomcast.protocol.v1.Welcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Viewers made of the {@code client} module's {@link LongConnectionClient}: the real client, with
 * its heartbeats, reconnects and resume by cursor, on one shared NIO group. Every block is decoded
 * into a {@code Block} with its {@code Message}s by the client's protobuf decoder on every
 * connection, which is what a real viewer does and what limits a many-viewer run on one machine
 * (see {@link LeanViewers} for the lean alternative). Thread-safe.
 */
final class ModuleViewers implements Viewers {
    private final NettyTransport nio;
    private final Tls tls;
    private final String host;
    private final int port;
    private final DeliveryStats stats;
    private final List<LongConnectionClient> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile boolean closing;
    private final boolean acks;
    private Thread ramp;

    /** @param nio an NIO transport (the client module's channels are NIO) */
    ModuleViewers(NettyTransport nio, boolean useTls, String host, int port, boolean acks, DeliveryStats stats) {
        this.nio = nio;
        this.acks = acks;
        this.tls = useTls ? Tls.insecureTrustAll() : Tls.plaintext();
        this.host = host;
        this.port = port;
        this.stats = stats;
    }

    @Override
    public void open(List<Spec> specs, double perSecond) {
        ramp = new Thread(() -> {
            long begin = System.nanoTime();
            for (int i = 0; i < specs.size() && !closing; i++) {
                long due = begin + (long) (i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0 && !closing) {
                    LockSupport.parkNanos(wait);
                }
                Spec spec = specs.get(i);
                LongConnectionClient client = LongConnectionClient.builder()
                        .endpoint(host, port)
                        .tls(tls)
                        .token(spec.token())
                        .room(spec.room())
                        .acks(acks)
                        .eventLoopGroup(nio.group)
                        .backoff(Duration.ofMillis(250), Duration.ofSeconds(5))
                        .listener(new Listener(spec.sampled()))
                        .build();
                clients.add(client);
                started.incrementAndGet();
                client.start();
            }
        }, "viewer-ramp");
        ramp.setDaemon(true);
        ramp.start();
    }

    @Override
    public int started() {
        return started.get();
    }

    @Override
    public String describe() {
        return "client module LongConnectionClient (" + nio.name + ", " + tls + ")";
    }

    @Override
    public void close() {
        closing = true;
        if (ramp != null) {
            ramp.interrupt();
        }
        clients.forEach(LongConnectionClient::close);
    }

    /** One client's callbacks, on its event loop. */
    private final class Listener implements LongConnectionListener {
        private final boolean sampled;
        private boolean live;

        Listener(boolean sampled) {
            this.sampled = sampled;
        }

        @Override
        public void onWelcome(Welcome welcome) {
            stats.sessions.increment();
            if (!live) {
                live = true;
                stats.live.incrementAndGet();
            }
        }

        @Override
        public void onBlock(Block block) {
            long now = sampled ? Payloads.nowMicros() : 0;
            stats.blocks.increment();
            stats.entries.add(block.getEntriesCount());
            Skipped s = block.getSkipped();
            add(0, s.getPriority());
            add(1, s.getAge());
            add(2, s.getBudget());
            add(3, s.getSuperseded());
            if (sampled) {
                for (Message m : block.getEntriesList()) {
                    var payload = m.getPayload().asReadOnlyByteBuffer();
                    long published = Payloads.publishedAt(Unpooled.wrappedBuffer(payload), 0, payload.remaining());
                    stats.record(published, m.getCreatedAt(), m.getSentAt(), m.getPriority() == Priority.CRITICAL, now);
                }
            }
        }

        private void add(int reason, long n) {
            if (n > 0) {
                stats.skipped[reason].add(n);
            }
        }

        @Override
        public void onError(Error error) {
            stats.error(error.getCode());
        }

        @Override
        public void onGoAway(GoAway goAway) {
            stats.goAways.increment();
        }

        @Override
        public void onDisconnected(Throwable cause) {
            stats.disconnects.increment();
            if (live) {
                live = false;
                stats.live.decrementAndGet();
            }
        }
    }
}
