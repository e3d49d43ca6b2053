package io.roomcast.adapters.tcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.protocol.v1.GoAway;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-connection server: TLS (by default) on {@link TcpConfig#port()}, Netty with epoll when
 * available and NIO otherwise. {@link #start()} listens; {@link #stop()} drains: it stops
 * accepting, sends every connection {@code GoAway{reconnectAfterMs (jittered per connection),
 * endpoints}} (other nodes for the connection's room, from {@link AllocateEndpointUseCase}), lets the
 * writes finish and closes, all within {@link TcpConfig#drainGraceMillis()}.
 *
 * <p>Thread-safe; {@code start} and {@code stop} are each done once, from a thread that is not one
 * of the server's event loops.
 */
public final class TcpServer {
    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    /** Work queued for the blocking executor (token checks, replay reads) beyond which a Hello is refused. */
    private static final int BLOCKING_QUEUE = 10_000;

    private final TcpConfig config;
    private final PushUseCase push;
    private final OpenSessionUseCase sessions;
    private final Clock clock;
    private final AllocateEndpointUseCase elsewhere;
    private final TcpMetrics metrics;
    private final LoopOutputs outputs = new LoopOutputs();

    private boolean started;
    private boolean stopped;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ThreadPoolExecutor blocking;
    private Channel serverChannel;
    private ServerTls tls;
    private volatile ConnectionLimiter limiter;
    private final ChannelGroup channels = new DefaultChannelGroup("roomcast-tcp", GlobalEventExecutor.INSTANCE);

    /** @param elsewhere where a draining node sends its viewers (asked with {@code excludeSelf}) */
    @Inject
    TcpServer(TcpConfig config, PushUseCase push, OpenSessionUseCase sessions, Clock clock, MeterRegistry registry,
              AllocateEndpointUseCase elsewhere) {
        this.config = config.copy().validate();
        this.push = push;
        this.sessions = sessions;
        this.clock = clock;
        this.elsewhere = elsewhere;
        this.metrics = new TcpMetrics(registry);
    }

    /** A server whose GoAway names the configured endpoints only (tests of this adapter). */
    TcpServer(TcpConfig config, PushUseCase push, OpenSessionUseCase sessions, Clock clock, MeterRegistry registry) {
        this(config, push, sessions, clock, registry, (room, excludeSelf) -> config.advertisedEndpoints());
    }

    /** Listens on the configured address; fails fast (and cleans up) when it cannot. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the long-connection server was already started");
        }
        started = true;
        boolean epoll = switch (config.threads().transport()) {
            case AUTO -> Epoll.isAvailable();
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
        };
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("roomcast-tcp-accept"), io);
        workers = new MultiThreadIoEventLoopGroup(config.threads().ioThreads(), new DefaultThreadFactory("roomcast-tcp-io"), io);
        int blockingThreads = config.threads().blockingThreads();
        blocking = new ThreadPoolExecutor(blockingThreads, blockingThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(BLOCKING_QUEUE), new DefaultThreadFactory("roomcast-tcp-blocking", true));
        try {
            tls = config.tls().enabled() ? ServerTls.create(config.tls(), config.host()) : null;
            List<NettyLoop> loops = new ArrayList<>();
            for (EventExecutor executor : workers) {
                loops.add(outputs.of((EventLoop) executor).tasks);
            }
            push.start(loops, blocking);
            limiter = new ConnectionLimiter(config.maxConnections(),
                    new TokenBucket(clock, config.maxNewConnectionsPerSecond()), metrics);
            metrics.connections(limiter::open);
            metrics.window(push::windowMillis, push::blockMaxEntries);
            OutboundBudget budget = new OutboundBudget(config.flow().outboundBudgetBytes(), outputs::budgetRecovered);
            metrics.outboundQueued(budget::queuedBytes);
            LOG.info("viewers' outbound budget: {} MiB (direct memory limit {} MiB)",
                    budget.limitBytes() >> 20, PlatformDependent.maxDirectMemory() >> 20);
            SessionServices services = new SessionServices(config, sessions, push, outputs, metrics, blocking, budget);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(config.flow().writeBufferLowBytes(),
                                    config.flow().writeBufferHighBytes()))
                    .childHandler(new RoomcastServerInitializer(tls == null ? null : tls.context, limiter, services, channels));
            if (config.flow().socketSendBufferBytes() > 0) {
                bootstrap.childOption(ChannelOption.SO_SNDBUF, config.flow().socketSendBufferBytes());
            }
            ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new IllegalStateException("cannot listen for long connections on " + config.host() + ":"
                        + config.port() + ": " + bound.cause().getMessage(), bound.cause());
            }
            serverChannel = bound.channel();
        } catch (RuntimeException e) {
            shutdownThreads(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            throw e;
        }
        LOG.info("long connections on {}:{} ({}, {}, heartbeat {} ms)", config.host(), port(),
                tls == null ? "plain TCP: TLS is OFF" : "TLS", epoll ? "epoll" : "nio", config.heartbeatMs());
    }

    /** The port listened on (the chosen one when configured as 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("the long-connection server is not listening");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The certificate presented to clients, or null with TLS off. */
    synchronized X509Certificate certificate() {
        return tls == null ? null : tls.certificate;
    }

    /** Who does the TLS work, or null with TLS off. */
    synchronized SslProvider tlsProvider() {
        return tls == null ? null : tls.provider;
    }

    /** Connections held now, as the connection limit counts them: what this node reports as its load. */
    public int openConnections() {
        return admitted();
    }

    /** Open connections (for tests and stats). */
    int connections() {
        return channels.size();
    }

    /** Connections the limit counts (it lets go of one a little after the channel left {@link #connections()}). */
    int admitted() {
        ConnectionLimiter l = limiter;
        return l == null ? 0 : l.open();
    }

    TcpMetrics metrics() {
        return metrics;
    }

    /**
     * Drains and stops: no new connections; GoAway to every connection, written and flushed, then
     * the connection closed; whatever is still open when the grace period nears its end is closed
     * anyway; the threads are stopped by its end. Idempotent.
     */
    public synchronized void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        long begin = System.nanoTime();
        long grace = TimeUnit.MILLISECONDS.toNanos(config.drainGraceMillis());
        long deadline = begin + grace;
        // Leave a slice of the grace for the forced close and the thread shutdown.
        long closeBy = deadline - Math.min(TimeUnit.SECONDS.toNanos(1), grace / 4);
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(Math.max(0, remainingMillis(closeBy)), TimeUnit.MILLISECONDS);
        }
        List<Channel> open = new ArrayList<>(channels);
        for (Channel channel : open) {
            int delay = (int) ThreadLocalRandom.current().nextLong(config.goAwayMaxDelayMs() + 1);
            SessionHandler session = channel.pipeline().get(SessionHandler.class);
            if (session == null) {
                channel.close();
                continue;
            }
            try {
                // On the channel's loop, where the session's room may be read; the answer is a snapshot, it does not block.
                channel.eventLoop().execute(() -> session.goAway(GoAway.newBuilder().setReconnectAfterMs(delay)
                        .addAllEndpoints(elsewhere.endpoints(session.room(), true)).build()));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                channel.close();
            }
        }
        for (Channel channel : open) {
            long left = remainingMillis(closeBy);
            if (left <= 0) {
                break;
            }
            channel.closeFuture().awaitUninterruptibly(left, TimeUnit.MILLISECONDS);
        }
        int forced = 0;
        for (Channel channel : channels) {
            // A channel just closed may still be in the group until its remover runs.
            if (channel.isOpen()) {
                forced++;
                channel.close();
            }
        }
        if (forced > 0) {
            LOG.warn("{} long connections did not close after GoAway within the grace period; closed them", forced);
        }
        channels.close().awaitUninterruptibly(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        push.stop();
        outputs.clear();
        shutdownThreads(deadline);
        LOG.info("long-connection server stopped after {} ms ({} connections drained)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), open.size());
    }

    private void shutdownThreads(long deadline) {
        if (blocking != null) {
            blocking.shutdownNow();
        }
        long left = Math.max(0, remainingMillis(deadline));
        if (workers != null) {
            workers.shutdownGracefully(0, left, TimeUnit.MILLISECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, left, TimeUnit.MILLISECONDS);
        }
        try {
            if (workers != null) {
                workers.awaitTermination(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            }
            if (boss != null) {
                boss.awaitTermination(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            }
            if (blocking != null) {
                blocking.awaitTermination(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
