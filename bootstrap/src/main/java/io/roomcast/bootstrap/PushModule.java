package io.roomcast.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.ClusterBus;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.push.PushService;
import io.roomcast.application.push.PushSettings;
import io.roomcast.application.push.SessionService;
import io.roomcast.domain.DeliveryRules;

/**
 * The push core, for a node with long connections: one {@link PushService} that transports open
 * viewers with ({@link PushUseCase}), and the viewer sessions over it ({@link OpenSessionUseCase}). It takes stored messages from the {@link ClusterBus} when the
 * store has one (this node's publishes come back over it, so the publish use case's {@link Fanout}
 * is none), else from the publish use case ({@link Fanout}). Its {@link PushSettings} come from the
 * transport's module.
 */
final class PushModule extends AbstractModule {
    @Provides
    @Singleton
    PushService push(PollRoomUseCase poll, RoomStateUseCase states, RoomDirectory directory, Clock clock,
                     DeliveryRules rules, PushSettings settings, ClusterBus bus, MessageStore store) {
        return new PushService(poll, states, directory, clock, JvmHostCpu.create(), rules, settings, bus, store::head);
    }

    @Provides
    @Singleton
    PushUseCase pushUseCase(PushService push) {
        return push;
    }

    @Provides
    @Singleton
    OpenSessionUseCase sessions(PushUseCase push, UserTokens tokens, SessionSettings settings) {
        return new SessionService(push, tokens, settings);
    }

    @Provides
    @Singleton
    Fanout fanout(PushService push, ClusterBus bus) {
        return bus == ClusterBus.none() ? push : Fanout.none();
    }
}
