package io.roomcast.adapters.tcp;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.push.PushSettings;

/**
 * The long-connection adapter's bindings: {@link TcpServer} (a singleton, started and stopped by
 * the lifecycle service) and the push core's settings from this adapter's configuration. Opens
 * nothing.
 *
 * <p>Needs bound elsewhere: {@code PushUseCase} (the push core), {@code AllocateEndpointUseCase} (where
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

    /** The push core's settings that this adapter's configuration holds. */
    public static PushSettings pushSettings(TcpConfig config) {
        return new PushSettings(config.maxPendingBlocks(), config.maxPendingMs(), config.mergedBlockMaxEntries(),
                config.resumeMaxMessages());
    }
}
