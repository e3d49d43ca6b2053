package io.roomcast.testing;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;
import java.util.function.LongSupplier;

/**
 * A hand-written stand-in for the JWT verifier: a token is {@code <userId>~<expiresAtMillis>},
 * checked against the clock the way a JWT's {@code exp} is; {@value #BROKEN} fails like a bug in
 * the verifier; anything else is refused as badly signed. Refusals are {@code UNAUTHENTICATED}, as
 * the {@code UserTokens} port promises; {@code new TestTokens(clock::millis)::verify} is one.
 * Thread-safe.
 */
public final class TestTokens {
    /** The token that makes {@link #verify} throw an {@link IllegalStateException}. */
    public static final String BROKEN = "boom";

    private final LongSupplier clock;

    /** Checks expiry against {@code clock}, in epoch milliseconds. */
    public TestTokens(LongSupplier clock) {
        this.clock = clock;
    }

    /** Checks expiry against the system clock. */
    public TestTokens() {
        this(System::currentTimeMillis);
    }

    /** A token for {@code user} that never expires. */
    public static String valid(String user) {
        return user + "~" + Long.MAX_VALUE;
    }

    /** A token for {@code user} that expired in 1970. */
    public static String expired(String user) {
        return user + "~1";
    }

    /** The user {@code token} names; throws as the {@code UserTokens} port does. */
    public UserId verify(String token) {
        if (BROKEN.equals(token)) {
            throw new IllegalStateException("verifier broke");
        }
        int tilde = token == null ? -1 : token.indexOf('~');
        long expiresAt;
        try {
            expiresAt = tilde <= 0 ? -1 : Long.parseLong(token.substring(tilde + 1));
        } catch (NumberFormatException e) {
            expiresAt = -1;
        }
        if (expiresAt < 0) {
            throw unauthenticated("token signature does not verify");
        }
        if (clock.getAsLong() >= expiresAt) {
            throw unauthenticated("token expired");
        }
        try {
            return UserId.of(token.substring(0, tilde));
        } catch (RoomcastException e) {
            throw unauthenticated("token subject is not a valid user id");
        }
    }

    private static RoomcastException unauthenticated(String message) {
        return new RoomcastException(ErrorCode.UNAUTHENTICATED, message);
    }
}
