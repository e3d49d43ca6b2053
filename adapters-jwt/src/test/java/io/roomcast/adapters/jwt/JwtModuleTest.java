package io.roomcast.adapters.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.UserId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtModuleTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void givenSecretAndClock_module_bindsOneVerifierOfTokensSignedWithThatSecret() {
        ManualClock clock = new ManualClock();
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(clock);
            }
        }, new JwtModule(SECRET));

        UserTokens tokens = injector.getInstance(UserTokens.class);
        assertThat(injector.getInstance(UserTokens.class)).isSameAs(tokens);
        String token = new JwtUserTokens(SECRET, clock).issue(UserId.of("alice"), Duration.ofMinutes(5), clock.millis());
        assertThat(tokens.verify(token)).isEqualTo(UserId.of("alice"));
    }
}
