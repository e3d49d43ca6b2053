package io.roomcast.benchmarks.load;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import javax.crypto.SecretKey;

/**
 * Signs user tokens as a business server does: HS256 JWTs with {@code sub} (the user id) and
 * {@code exp}, with the secret the server was given as {@code token.secret}. Thread-safe.
 */
final class UserTokens {
    private final SecretKey key;

    UserTokens(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("the token secret must be at least 32 bytes (HS256)");
        }
        this.key = Keys.hmacShaKeyFor(bytes);
    }

    String issue(String userId, Duration ttl) {
        long now = System.currentTimeMillis();
        return Jwts.builder().subject(userId).issuedAt(new Date(now)).expiration(new Date(now + ttl.toMillis()))
                .signWith(key, Jwts.SIG.HS256).compact();
    }
}
