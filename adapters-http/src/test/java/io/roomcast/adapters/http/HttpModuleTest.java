package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.MarkPollerPresentUseCase;
import io.roomcast.application.port.in.OpenSessionUseCase;
import io.roomcast.application.port.in.PollRoomUseCase;
import io.roomcast.application.port.in.ReadSliceUseCase;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.service.MarkPollerPresentService;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.application.service.RoomActivity;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.testing.TestTokens;
import org.junit.jupiter.api.Test;

class HttpModuleTest {
    /** What other modules bind in the real server. */
    private static final class Elsewhere extends AbstractModule {
        @Override
        protected void configure() {
            Clock clock = Clock.system();
            MessageStore store = new InMemoryMessageStore(Retention.defaults(), clock);
            FakeRoomDirectory directory = new FakeRoomDirectory();
            DeliveryRules rules = DeliveryRules.defaults();
            bind(DeliveryRules.class).toInstance(rules);
            bind(MessageStore.class).toInstance(store);
            bind(PublishMessageUseCase.class).toInstance(new PublishMessageService(store, Fanout.none(), clock, rules));
            bind(PollRoomUseCase.class).toInstance(new PollRoomService(store, directory, clock, rules));
            bind(ReadSliceUseCase.class).toInstance(new io.roomcast.application.service.SliceService(store,
                    io.roomcast.application.port.out.RoomCensus.local(directory), clock, rules,
                    io.roomcast.domain.policy.SlicePolicy.defaults()));
            bind(MarkPollerPresentUseCase.class).toInstance(new MarkPollerPresentService(directory, clock));
            bind(Clock.class).toInstance(clock);
            bind(GetRoomStatsUseCase.class).toInstance(new RoomActivity(clock, directory));
            bind(UserTokens.class).toInstance(new TestTokens()::verify);
            bind(AllocateEndpointUseCase.class).toInstance((room, excludeSelf) -> java.util.List.of("tcp.example.com:9443"));
            bind(OpenSessionUseCase.class).toInstance(OpenSessionUseCase.none());
            bind(PrometheusMeterRegistry.class).toInstance(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    @Test
    void module_bindsOneServerAndOpensNothing() {
        Injector injector = Guice.createInjector(new Elsewhere(), new HttpModule(TestApi.config()));

        HttpServer server = injector.getInstance(HttpServer.class);

        assertThat(injector.getInstance(HttpServer.class)).isSameAs(server);
        assertThat(injector.getInstance(HttpConfig.class)).isEqualTo(TestApi.config());
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    }
}
