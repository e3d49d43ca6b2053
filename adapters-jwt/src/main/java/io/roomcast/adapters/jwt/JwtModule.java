package io.roomcast.adapters.jwt;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import java.util.Objects;

/**
 * Binds {@link UserTokens} to {@link JwtUserTokens} with the shared token secret. Opens nothing.
 *
 * <p>Needs bound elsewhere: {@code Clock}.
 */
public final class JwtModule extends AbstractModule {
    private final String tokenSecret;

    /** @param tokenSecret the HS256 secret shared with the business server, at least {@value JwtUserTokens#MIN_SECRET_BYTES} bytes */
    public JwtModule(String tokenSecret) {
        this.tokenSecret = Objects.requireNonNull(tokenSecret, "tokenSecret");
    }

    @Provides
    @Singleton
    UserTokens userTokens(Clock clock) {
        return new JwtUserTokens(tokenSecret, clock);
    }
}
