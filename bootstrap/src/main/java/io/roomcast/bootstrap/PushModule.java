package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.push.PushService;
import io.roomcast.application.push.PushSettings;
import io.roomcast.domain.DeliveryRules;

/**
 * The push core, for a node with long connections: one {@link PushService} that transports open
 * viewers with ({@link PushUseCase}) and the publish use case hands stored messages to
 * ({@link Fanout}). Its {@link PushSettings} come from the transport's module.
 */
final class PushModule extends AbstractModule {
    @Provides
    @Singleton
    PushService push(PollRoomUseCase poll, RoomStateUseCase states, RoomDirectory directory, Clock clock,
                     DeliveryRules rules, PushSettings settings) {
        return new PushService(poll, states, directory, clock, JvmHostCpu.create(), rules, settings, ClusterBus.none());
    }

    @Provides
    @Singleton
    PushUseCase pushUseCase(PushService push) {
        return push;
    }

    @Provides
    @Singleton
    Fanout fanout(PushService push) {
        return push;
    }
}
