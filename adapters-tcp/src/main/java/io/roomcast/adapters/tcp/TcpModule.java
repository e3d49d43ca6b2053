package io.roomcast.adapters.tcp;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.Fanout;

/**
 * The long-connection adapter's bindings: {@link TcpServer} (a singleton, started and stopped by
 * the lifecycle service) and {@link Fanout}, the push path the publish use case hands stored
 * messages to. Opens nothing.
 *
 * <p>Needs bound elsewhere: {@code PollRoomUseCase}, {@code RoomStateUseCase}, {@code RoomDirectory},
 * {@code UserTokens}, {@code Clock}, {@code DeliveryRules} and Micrometer's {@code MeterRegistry}.
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
        bind(RoomFanout.class).in(Singleton.class);
        bind(Fanout.class).to(RoomFanout.class);
        bind(TcpServer.class).in(Singleton.class);
    }
}
