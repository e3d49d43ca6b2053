package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import io.roomcast.adapters.http.HttpConfig;
import io.roomcast.adapters.http.HttpModule;
import io.roomcast.adapters.http.HttpServer;
import io.roomcast.adapters.tcp.TcpConfig;
import io.roomcast.adapters.tcp.TcpModule;
import io.roomcast.adapters.tcp.TcpServer;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Secrets;
import io.roomcast.bootstrap.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running roomcast node: builds the injector from the configuration (which opens the store),
 * then starts the long-connection server and the HTTP API; closing drains long connections
 * (GoAway), stops HTTP, then closes the store. {@link Main} runs one;
 * end-to-end tests run one on free ports. Not thread-safe: start and close from one thread.
 */
public final class Roomcast implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Roomcast.class);

    private final RoomcastConfig config;
    private final MessageStore store;
    private final HttpServer http;
    private final TcpServer tcp;
    private final Injector injector;
    private boolean closed;

    private Roomcast(RoomcastConfig config, Injector injector) {
        this.config = config;
        this.injector = injector;
        this.store = injector.getInstance(MessageStore.class);
        this.http = injector.getInstance(HttpServer.class);
        this.tcp = config.tcpEnabled() ? injector.getInstance(TcpServer.class) : null;
    }

    /** Reads the configuration (generating missing secrets), wires the node and starts its servers. */
    public static Roomcast start(Settings settings) {
        Path dataDir = Path.of(settings.get(io.roomcast.bootstrap.config.Setting.DATA_DIR).trim());
        RoomcastConfig config = RoomcastConfig.from(Secrets.ensure(settings, dataDir));
        LOG.info("roomcast starting: store={}, data={}, http={}:{}, tcp={}", config.store().name().toLowerCase(),
                config.dataDir().toAbsolutePath(), config.httpHost(), config.httpPort(),
                config.tcpEnabled() ? config.tcpHost() + ":" + config.tcpPort() + (config.tcpTls() ? " (TLS)" : " (plain)") : "off");
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules(config));
        Roomcast node = new Roomcast(config, injector);
        try {
            if (node.tcp != null) {
                node.tcp.start();
            }
            node.http.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.info("roomcast ready: HTTP on port {}, long connections {}", node.httpPort(),
                node.tcp == null ? "off" : "on port " + node.tcpPort());
        return node;
    }

    static List<Module> modules(RoomcastConfig config) {
        List<Module> modules = new ArrayList<>();
        modules.add(new CoreModule(config));
        modules.add(StorageModules.forConfig(config));
        modules.add(new HttpModule(httpConfig(config)));
        if (config.tcpEnabled()) {
            modules.add(new TcpModule(tcpConfig(config)));
            modules.add(new PushModule());
        } else {
            modules.add(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Fanout.class).toInstance(Fanout.none());
                }
            });
        }
        return modules;
    }

    static TcpConfig tcpConfig(RoomcastConfig config) {
        return new TcpConfig()
                .host(config.tcpHost())
                .port(config.tcpPort())
                .tls(config.tcpTls())
                .certPem(config.tcpCert())
                .keyPem(config.tcpKey())
                .heartbeatMs(config.heartbeatMillis())
                .maxConnections(config.tcpMaxConnections())
                .maxNewConnectionsPerSecond(config.tcpMaxNewPerSecond())
                .writeBufferHighBytes(config.tcpWriteBufferHighBytes())
                .writeBufferLowBytes(config.tcpWriteBufferLowBytes())
                .tlsProvider(TcpConfig.TlsProvider.valueOf(config.tcpTlsProvider().toUpperCase(Locale.ROOT)))
                .drainGraceMillis(config.shutdownGraceMillis())
                .advertisedEndpoints(advertised(config))
                .validate();
    }

    static HttpConfig httpConfig(RoomcastConfig config) {
        return HttpConfig.defaults(new LinkedHashSet<>(config.apiKeys()))
                .withHost(config.httpHost())
                .withPort(config.httpPort())
                .withMaxBodyBytes(config.httpMaxBodyBytes())
                .withAdvertisedTcpEndpoints(advertised(config))
                .withHeartbeatMs((int) config.heartbeatMillis());
    }

    /** The endpoints /api/v1/endpoint hands out: as configured, or this host and the TCP port. */
    static List<String> advertised(RoomcastConfig config) {
        if (!config.tcpEnabled()) {
            return List.of();
        }
        if (!config.tcpAdvertise().isEmpty()) {
            return config.tcpAdvertise();
        }
        String host = config.tcpHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return List.of(host + ":" + config.tcpPort());
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

    /** Stops accepting, drains, closes the store. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("roomcast stopping");
        try {
            if (tcp != null) {
                tcp.stop();
            }
        } finally {
            try {
                http.stop();
            } finally {
                store.close();
            }
        }
        LOG.info("roomcast stopped");
    }
}
