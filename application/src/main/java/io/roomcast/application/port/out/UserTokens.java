package io.roomcast.application.port.out;

import io.roomcast.domain.message.UserId;

/**
 * Port: verifies a viewer's token, signed by the business server, and names the user it was
 * issued to. A missing, malformed, wrongly signed or expired token is a {@code RoomcastException}
 * with {@code UNAUTHENTICATED} and a message saying which. Thread-safe.
 */
@FunctionalInterface
public interface UserTokens {
    UserId verify(String token);
}
