package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PushUseCase;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.push.PushService;
import io.roomcast.application.push.PushSettings;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpModuleTest {

    @Test
    void givenTheRequiredBindings_module_bindsOneServerAndThePushAndSessionSettings_openingNothing() {
        Backend backend = new Backend(new ManualClock(), DeliveryRules.defaults());
        TcpConfig config = new TcpConfig().port(0).push(PushLimits.defaults().withMaxPendingBlocks(7));
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                PushService push = backend.push(config);
                bind(PushUseCase.class).toInstance(push);
                bind(OpenSessionUseCase.class).toInstance(backend.sessions(push, config));
                bind(UserTokens.class).toInstance(backend.tokens);
                bind(Clock.class).toInstance(backend.clock);
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
                bind(AllocateEndpointUseCase.class).toInstance((room, excludeSelf) -> List.of());
            }
        }, new TcpModule(config));

        TcpServer server = injector.getInstance(TcpServer.class);
        assertThat(injector.getInstance(TcpServer.class)).isSameAs(server);
        assertThat(injector.getInstance(PushSettings.class).maxPendingBlocks()).isEqualTo(7);
        assertThat(injector.getInstance(SessionSettings.class).heartbeatMs()).isEqualTo(config.heartbeatMs());
        assertThat(server.connections()).isZero();
    }
}
