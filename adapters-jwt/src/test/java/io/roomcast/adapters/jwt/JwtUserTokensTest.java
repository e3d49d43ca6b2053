package io.roomcast.adapters.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

class JwtUserTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final ManualClock clock = new ManualClock();
    private final JwtUserTokens tokens = new JwtUserTokens(SECRET, clock);

    private static void assertUnauthenticated(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RoomcastException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED)).hasMessageContaining(message);
    }

    @Test
    void givenTokenSignedWithTheSecret_verify_returnsItsSubject() {
        String token = tokens.issue(UserId.of("alice"), Duration.ofMinutes(5), clock.millis());
        assertThat(tokens.verify(token)).isEqualTo(UserId.of("alice"));
    }

    @Test
    void givenExpiredToken_verify_saysExpired() {
        String token = tokens.issue(UserId.of("alice"), Duration.ofMinutes(5), clock.millis());
        clock.advance(Duration.ofMinutes(6).toMillis());
        assertUnauthenticated(() -> tokens.verify(token), "expired");
    }

    @Test
    void givenTokenFromAnotherSecret_orUnsigned_orGarbage_verify_refusesIt() {
        String other = new JwtUserTokens("another-secret-another-secret-xx", clock)
                .issue(UserId.of("alice"), Duration.ofMinutes(5), clock.millis());
        assertUnauthenticated(() -> tokens.verify(other), "not signed");
        String unsigned = Jwts.builder().subject("alice").expiration(new Date(clock.millis() + 60_000)).compact();
        assertUnauthenticated(() -> tokens.verify(unsigned), "not signed");
        assertUnauthenticated(() -> tokens.verify("not.a.jwt"), "malformed");
        assertUnauthenticated(() -> tokens.verify(""), "required");
        assertUnauthenticated(() -> tokens.verify(null), "required");
    }

    @Test
    void givenTokenWithoutExpiryOrWithBadSubject_verify_refusesIt() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        String noExp = Jwts.builder().subject("alice").signWith(key, Jwts.SIG.HS256).compact();
        assertUnauthenticated(() -> tokens.verify(noExp), "expiry");
        String badSub = Jwts.builder().subject("a b").expiration(new Date(clock.millis() + 60_000))
                .signWith(key, Jwts.SIG.HS256).compact();
        assertUnauthenticated(() -> tokens.verify(badSub), "subject");
    }

    @Test
    void givenShortSecret_construction_fails() {
        assertThatThrownBy(() -> new JwtUserTokens("short", clock)).hasMessageContaining("32 bytes");
    }
}
