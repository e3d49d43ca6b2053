package io.roomcast.adapters.http;

import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;

/**
 * Stands in for bootstrap's JWT verifier: {@code good:<user>} names {@code <user>},
 * {@code expired} is refused as expired, {@code boom} fails like a bug, anything else is a bad
 * signature.
 */
final class TestTokens implements UserTokens {
    static String good(String user) {
        return "good:" + user;
    }

    @Override
    public UserId verify(String token) {
        if (token.startsWith("good:")) {
            try {
                return UserId.of(token.substring("good:".length()));
            } catch (RoomcastException e) {
                throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token subject is not a valid user id");
            }
        }
        if (token.equals("expired")) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token expired");
        }
        if (token.equals("boom")) {
            throw new IllegalStateException("verifier broke");
        }
        throw new RoomcastException(ErrorCode.UNAUTHENTICATED, "token signature does not verify");
    }
}
