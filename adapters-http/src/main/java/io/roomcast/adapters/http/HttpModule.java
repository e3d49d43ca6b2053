package io.roomcast.adapters.http;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import java.util.Objects;

/**
 * The HTTP adapter's bindings: its {@link HttpConfig} and the {@link HttpServer} singleton. Opens
 * nothing; the lifecycle service starts and stops the server. Needs from other modules:
 * {@code PublishMessageUseCase}, {@code PollRoomUseCase}, {@code MarkPollerPresentUseCase},
 * {@code GetRoomStatsUseCase}, {@code AllocateEndpointUseCase}, {@code OpenSessionUseCase} (WebSocket viewers; {@code none()} without a push path), {@code UserTokens}, {@code MessageStore}, {@code DeliveryRules},
 * {@code Clock} and {@code io.micrometer.prometheusmetrics.PrometheusMeterRegistry}.
 */
public final class HttpModule extends AbstractModule {
    private final HttpConfig config;
    private final HttpLimits limits;

    public HttpModule(HttpConfig config) {
        this(config, HttpLimits.defaults());
    }

    public HttpModule(HttpConfig config, HttpLimits limits) {
        this.config = Objects.requireNonNull(config, "config");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void configure() {
        bind(HttpConfig.class).toInstance(config);
        bind(HttpLimits.class).toInstance(limits);
        bind(HttpServer.class).in(Singleton.class);
    }
}
