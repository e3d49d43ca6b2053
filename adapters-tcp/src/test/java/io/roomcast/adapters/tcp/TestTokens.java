package io.roomcast.adapters.tcp;

import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;

/**
 * A hand-written token verifier for tests: a token is {@code <userId>~<expiresAtMillis>}, checked
 * against the clock the way a JWT's {@code exp} is. Thread-safe.
 */
final class TestTokens implements UserTokens {
    private final Clock clock;

    TestTokens(Clock clock) {
        this.clock = clock;
    }

    static String valid(String user) {
        return user + "~" + Long.MAX_VALUE;
    }

    static String expired(String user) {
        return user + "~1";
    }

    @Override
    public UserId verify(String token) {
        int tilde = token == null ? -1 : token.indexOf('~');
        if (tilde <= 0) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token: malformed");
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(token.substring(tilde + 1));
        } catch (NumberFormatException e) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token: malformed expiry");
        }
        if (clock.millis() >= expiresAt) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token: expired");
        }
        return UserId.of(token.substring(0, tilde));
    }
}
