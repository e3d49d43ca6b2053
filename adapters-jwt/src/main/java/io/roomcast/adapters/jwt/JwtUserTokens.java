package io.roomcast.adapters.jwt;

import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import javax.crypto.SecretKey;

/**
 * User tokens are HS256 JWTs signed by the business server with the shared secret; {@code sub} is
 * the user id and {@code exp} is required. Verified with jjwt (unsigned and wrongly signed tokens
 * are refused by the library; another algorithm, even an HMAC one with the same secret, here).
 * Thread-safe.
 */
public final class JwtUserTokens implements UserTokens {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final long CLOCK_SKEW_SECONDS = 30;
    private static final int MAX_TOKEN_CHARS = 4_096;

    private final SecretKey key;
    private final JwtParser parser;

    public JwtUserTokens(String secret, Clock clock) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("token secret must be at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
        }
        this.key = Keys.hmacShaKeyFor(bytes);
        this.parser = Jwts.parser()
                .verifyWith(key)
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .clock(() -> new Date(clock.millis()))
                .build();
    }

    @Override
    public UserId verify(String token) {
        if (token == null || token.isBlank()) {
            throw unauthenticated("a user token is required");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw unauthenticated("token is too long");
        }
        try {
            var jws = parser.parseSignedClaims(token);
            // jjwt accepts any HMAC algorithm the key is long enough for; the contract is HS256 only.
            if (!Jwts.SIG.HS256.getId().equals(jws.getHeader().getAlgorithm())) {
                throw unauthenticated("token is not signed with HS256");
            }
            var claims = jws.getPayload();
            if (claims.getExpiration() == null) {
                throw unauthenticated("token has no expiry (exp)");
            }
            String subject = claims.getSubject();
            if (subject == null) {
                throw unauthenticated("token has no subject (sub)");
            }
            try {
                return UserId.of(subject);
            } catch (RoomcastException e) {
                throw unauthenticated("token subject is not a valid user id");
            }
        } catch (ExpiredJwtException e) {
            throw unauthenticated("token expired");
        } catch (JwtException | IllegalArgumentException e) {
            throw unauthenticated("token is malformed or not signed with the shared secret");
        }
    }

    /** Signs a token for {@code user}, valid for {@code ttl}: what a business server does; used by tests and tools. */
    public String issue(UserId user, Duration ttl, long nowMillis) {
        return Jwts.builder()
                .subject(user.value())
                .issuedAt(new Date(nowMillis))
                .expiration(new Date(nowMillis + ttl.toMillis()))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    private static RoomcastException unauthenticated(String message) {
        return new RoomcastException(ErrorCode.UNAUTHENTICATED, message);
    }
}
