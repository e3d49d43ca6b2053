package io.roomcast.adapters.tcp;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.push.PushSettings;

/**
 * The long-connection adapter's bindings: {@link TcpServer} (a singleton, started and stopped by
 * the lifecycle service) and the push core's settings from this adapter's configuration. Opens
 * nothing.
 *
 * <p>Needs bound elsewhere: {@code PushUseCase} (the push core), {@code OpenSessionUseCase} (viewer sessions), {@code AllocateEndpointUseCase} (where
 * GoAway sends viewers), {@code UserTokens}, {@code Clock} and Micrometer's {@code MeterRegistry}.
 */
public final class TcpModule extends AbstractModule {
    private final TcpConfig config;

    /** @param config validated here; later changes to it do not reach the server */
    public TcpModule(TcpConfig config) {
        this.config = config.copy().validate();
    }

    @Override
    protected void configure() {
        bind(TcpConfig.class).toInstance(config);
        bind(TcpServer.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    PushSettings pushSettings() {
        return pushSettings(config);
    }

    @Provides
    @Singleton
    SessionSettings sessionSettings() {
        return sessionSettings(config);
    }

    /** The viewer sessions' settings (both transports'): this adapter's configuration holds them. */
    public static SessionSettings sessionSettings(TcpConfig config) {
        ViewerFlow flow = config.flow();
        return new SessionSettings(config.heartbeatMs(), config.helloTimeoutMs(), config.readerIdleMs(),
                flow.slowTimeoutMs(), flow.ackLagMs(), flow.ackWindowBytes(), config.maxFrameBytes(),
                config.maxConnections());
    }

    /** The push core's settings that this adapter's configuration holds. */
    public static PushSettings pushSettings(TcpConfig config) {
        PushLimits limits = config.push();
        return new PushSettings(limits.maxPendingBlocks(), limits.maxPendingMs(), limits.mergedBlockMaxEntries(),
                limits.resumeMaxMessages());
    }
}
