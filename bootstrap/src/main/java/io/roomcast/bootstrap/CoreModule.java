package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.MarkPollerPresentUseCase;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.NodeRegistry;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.RoomCensus;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.service.EndpointAllocationService;
import io.roomcast.application.service.MarkPollerPresentService;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.SliceService;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.application.service.RoomActivity;
import io.roomcast.application.service.RoomStateService;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.domain.DeliveryRules;

/**
 * The use cases and what they need from this node: rules, clock, metrics. The room directory and
 * the user tokens come from their adapters' modules ({@code MemoryModule}, {@code JwtModule}), the
 * room census from the storage choice ({@code StorageModules}).
 */
final class CoreModule extends AbstractModule {
    private final RoomcastConfig config;

    CoreModule(RoomcastConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(RoomcastConfig.class).toInstance(config);
        bind(DeliveryRules.class).toInstance(config.rules());
        bind(Retention.class).toInstance(config.retention());
        bind(Clock.class).toInstance(Clock.system());
        bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The JVM's own figures next to roomcast's: heap and direct memory, GC pauses, CPU, threads.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    @Singleton
    RoomActivity roomActivity(Clock clock, RoomCensus census, RoomDirectory directory) {
        return new RoomActivity(clock, census, directory);
    }

    @Provides
    @Singleton
    GetRoomStatsUseCase roomStats(RoomActivity activity) {
        return activity;
    }

    @Provides
    @Singleton
    PublishMessageUseCase publish(MessageStore store, Fanout fanout, Clock clock, DeliveryRules rules,
                                  RoomActivity activity) {
        return new PublishMessageService(store, fanout, clock, rules, activity);
    }

    @Provides
    @Singleton
    PollRoomUseCase poll(MessageStore store, RoomDirectory directory, RoomCensus census, Clock clock,
                         DeliveryRules rules) {
        return new PollRoomService(store, directory, census, clock, rules);
    }

    @Provides
    @Singleton
    ReadSliceUseCase slices(MessageStore store, RoomCensus census, Clock clock, DeliveryRules rules) {
        return new SliceService(store, census, clock, rules, config.slices());
    }

    @Provides
    @Singleton
    MarkPollerPresentUseCase markPollerPresent(RoomDirectory directory, Clock clock) {
        return new MarkPollerPresentService(directory, clock);
    }

    @Provides
    @Singleton
    RoomStateUseCase roomState(MessageStore store, Clock clock) {
        return new RoomStateService(store, clock);
    }

    @Provides
    @Singleton
    AllocateEndpointUseCase endpoints(NodeRegistry registry) {
        return new EndpointAllocationService(registry, config.nodeId(), config.http().advertisedTcpEndpoints());
    }
}
