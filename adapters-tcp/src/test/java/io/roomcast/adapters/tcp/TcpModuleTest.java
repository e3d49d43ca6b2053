package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.RoomStateUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import org.junit.jupiter.api.Test;

class TcpModuleTest {

    @Test
    void givenTheRequiredBindings_module_bindsOneServerAndItsFanout_openingNothing() {
        Backend backend = new Backend(new ManualClock(), DeliveryRules.defaults());
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(PollRoomUseCase.class).toInstance(backend.poll);
                bind(RoomStateUseCase.class).toInstance(backend.states);
                bind(RoomDirectory.class).toInstance(backend.directory);
                bind(UserTokens.class).toInstance(backend.tokens);
                bind(Clock.class).toInstance(backend.clock);
                bind(DeliveryRules.class).toInstance(backend.rules);
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
            }
        }, new TcpModule(new TcpConfig().port(0)));

        TcpServer server = injector.getInstance(TcpServer.class);
        assertThat(injector.getInstance(TcpServer.class)).isSameAs(server);
        assertThat(injector.getInstance(Fanout.class)).isSameAs(injector.getInstance(RoomFanout.class));
        assertThat(server.connections()).isZero();
    }
}
