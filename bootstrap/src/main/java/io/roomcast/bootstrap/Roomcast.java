package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import io.roomcast.adapters.http.HttpModule;
import io.roomcast.adapters.http.HttpServer;
import io.roomcast.adapters.jwt.JwtModule;
import io.roomcast.adapters.memory.MemoryModule;
import io.roomcast.adapters.tcp.TcpConfig;
import io.roomcast.adapters.tcp.TcpModule;
import io.roomcast.adapters.tcp.TcpServer;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Secrets;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running roomcast node: builds the injector from the configuration (which opens the store),
 * starts the long-connection server, registers the node (its endpoint names the port the
 * long-connection server bound, so {@code tcp.port=0} works), then starts the HTTP API; closing
 * marks the node draining, drains long connections (GoAway naming other live nodes), leaves the
 * registry, stops HTTP, then closes the room census, the cluster bus, the registry and the store. {@link Main} runs one; end-to-end tests
 * run one on free ports. Not thread-safe: start and close from one thread.
 */
public final class Roomcast implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Roomcast.class);

    private final RoomcastConfig config;
    private final MessageStore store;
    private final ClusterBus bus;
    private final NodeRegistry registry;
    private final RoomCensus census;
    private final TcpServer tcp;
    private NodeHeartbeat heartbeat;
    private Injector injector;
    private HttpServer http;
    private boolean closed;

    private Roomcast(RoomcastConfig config, Injector injector) {
        this.config = config;
        this.injector = injector;
        this.store = injector.getInstance(MessageStore.class);
        this.bus = injector.getInstance(ClusterBus.class);
        this.registry = injector.getInstance(NodeRegistry.class);
        this.census = injector.getInstance(RoomCensus.class);
        this.tcp = config.tcpEnabled() ? injector.getInstance(TcpServer.class) : null;
    }

    /**
     * Reads the configuration (generating missing secrets and the self-signed certificate), wires
     * the node and starts its servers. A bad setting is a {@link io.roomcast.bootstrap.config.ConfigException};
     * anything else that stops the start is a {@link StartupException} naming the cause and the fix.
     */
    public static Roomcast start(Settings settings) {
        return start(settings, new Module[0]);
    }

    /**
     * As {@link #start(Settings)}, with {@code overrides} replacing bindings of the node's modules
     * (a test's clock, for one); none in production.
     */
    public static Roomcast start(Settings settings, Module... overrides) {
        Path dataDir = settings.path(Setting.DATA_DIR);
        RoomcastConfig config = RoomcastConfig.from(TlsFiles.ensure(Secrets.ensure(settings, dataDir), dataDir));
        TcpConfig tcpConfig = config.tcp();
        LOG.info("roomcast starting: store={}, data={}, http={}:{}, tcp={}", config.store().name().toLowerCase(Locale.ROOT),
                config.dataDir().toAbsolutePath(), config.http().host(), config.http().port(),
                config.tcpEnabled()
                        ? tcpConfig.host() + ":" + tcpConfig.port() + (tcpConfig.tls().enabled() ? " (TLS)" : " (plain)")
                        : "off");
        Roomcast node;
        try {
            Iterable<? extends Module> wired = overrides.length == 0 ? modules(config)
                    : List.of(Modules.override(modules(config)).with(overrides));
            node = new Roomcast(config, Guice.createInjector(Stage.PRODUCTION, wired));
        } catch (RuntimeException e) {
            throw StartupFailures.store(config, unwrap(e));
        }
        try {
            if (node.tcp != null) {
                startListening(() -> node.tcp.start(), "long connections", Setting.TCP_PORT, tcpConfig.host(), tcpConfig.port());
            }
            // Registered only now: the endpoint names the port TCP has bound.
            TcpServer tcp = node.tcp;
            node.heartbeat = new NodeHeartbeat(node.registry, config.nodeId(), ownEndpoints(config, tcp),
                    tcp == null ? () -> 0 : tcp::openConnections, tcpConfig.maxConnections());
            node.heartbeat.start();
            node.injector = node.injector.createChildInjector(new HttpModule(config.http(), config.httpLimits()));
            node.http = node.injector.getInstance(HttpServer.class);
            startListening(() -> node.http.start(), "HTTP", Setting.HTTP_PORT, config.http().host(), config.http().port());
        } catch (RuntimeException e) {
            node.close();
            throw e instanceof StartupException ? e : StartupFailures.other(unwrap(e));
        }
        LOG.info("roomcast ready: HTTP on port {}, long connections {}", node.httpPort(),
                node.tcp == null ? "off" : "on port " + node.tcpPort());
        return node;
    }

    private static void startListening(Runnable start, String what, Setting port, String host, int number) {
        try {
            start.run();
        } catch (RuntimeException e) {
            throw StartupFailures.listen(what, port, host, number, unwrap(e));
        }
    }

    /** Guice reports a failing provider inside its own exceptions, with the cause in its first message. */
    private static RuntimeException unwrap(RuntimeException e) {
        Collection<Message> messages = e instanceof CreationException c ? c.getErrorMessages()
                : e instanceof ProvisionException p ? p.getErrorMessages() : List.of();
        for (Message m : messages) {
            if (m.getCause() instanceof RuntimeException cause) {
                return cause;
            }
        }
        return e;
    }

    /** Everything but HTTP, which {@link #start} adds once long connections listen. */
    static List<Module> modules(RoomcastConfig config) {
        List<Module> modules = new ArrayList<>();
        modules.add(new CoreModule(config));
        modules.add(new MemoryModule());
        modules.add(new JwtModule(config.tokenSecret()));
        modules.add(StorageModules.forConfig(config));
        if (config.tcpEnabled()) {
            modules.add(new TcpModule(config.tcp()));
            modules.add(new PushModule());
        } else {
            modules.add(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Fanout.class).toInstance(Fanout.none());
                    bind(OpenSessionUseCase.class).toInstance(OpenSessionUseCase.none());
                }
            });
        }
        return modules;
    }

    /** The endpoint this node registers: {@code node.endpoint}, or this host and the bound TCP port; none without TCP. */
    static List<String> ownEndpoints(RoomcastConfig config, TcpServer tcp) {
        if (tcp == null) {
            return List.of();
        }
        if (!config.nodeEndpoint().isEmpty()) {
            return List.of(config.nodeEndpoint());
        }
        String host = config.tcp().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return List.of(host + ":" + tcp.port());
    }

    public int httpPort() {
        return http.port();
    }

    /** The long-connection port; throws when long connections are off. */
    public int tcpPort() {
        if (tcp == null) {
            throw new IllegalStateException("long connections are off (tcp.enabled=false)");
        }
        return tcp.port();
    }

    public RoomcastConfig config() {
        return config;
    }

    /** For tests and tools: an instance from this node's injector. */
    public <T> T instance(Class<T> type) {
        return injector.getInstance(type);
    }

    /** Marks the node draining, stops accepting, drains, leaves the registry, closes the store. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("roomcast stopping");
        try {
            if (heartbeat != null) {
                heartbeat.drain();
            }
            if (http != null && tcp != null) {
                // Before the push path stops with the long connections: WebSocket viewers are told, not cut.
                TcpConfig t = config.tcp();
                http.drainWebSockets(t.goAwayMaxDelayMs(), t.drainGraceMillis() / 2);
            }
            if (tcp != null) {
                tcp.stop();
            }
        } finally {
            if (heartbeat != null) {
                heartbeat.leave();
            }
            try {
                if (http != null) {
                    http.stop();
                }
            } finally {
                try {
                    census.close();
                } finally {
                    try {
                        bus.close();
                    } finally {
                        try {
                            registry.close();
                        } finally {
                            store.close();
                        }
                    }
                }
            }
        }
        LOG.info("roomcast stopped");
    }
}
