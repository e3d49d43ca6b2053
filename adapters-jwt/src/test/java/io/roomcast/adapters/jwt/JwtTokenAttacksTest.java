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
import java.util.Base64;
import java.util.Date;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** Forged tokens a user could send: each is refused as UNAUTHENTICATED, and none names the secret. */
class JwtTokenAttacksTest {
    /** Long enough for HS512, so a token signed with another HMAC algorithm and this very secret can be made. */
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final ManualClock clock = new ManualClock();
    private final JwtUserTokens tokens = new JwtUserTokens(SECRET, clock);
    private final SecretKey key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));

    private void refused(String token) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(RoomcastException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).doesNotContain(SECRET);
        });
    }

    private String claims(String sub) {
        long exp = (clock.millis() + 60_000) / 1_000;
        return B64.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static String header(String alg) {
        return B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenAlgNone_withOrWithoutASignature_verify_refusesIt() {
        refused(header("none") + "." + claims("alice") + ".");
        refused(header("None") + "." + claims("alice") + ".");
        String good = tokens.issue(UserId.of("alice"), Duration.ofMinutes(1), clock.millis());
        refused(header("none") + "." + claims("alice") + "." + good.substring(good.lastIndexOf('.') + 1));
    }

    @Test
    void givenAnotherHmacAlgorithm_evenSignedWithTheSharedSecret_verify_refusesIt() {
        for (var alg : new io.jsonwebtoken.security.MacAlgorithm[] {Jwts.SIG.HS384, Jwts.SIG.HS512}) {
            String token = Jwts.builder().subject("alice").expiration(new Date(clock.millis() + 60_000))
                    .signWith(key, alg).compact();
            refused(token);
        }
    }

    @Test
    void givenAnAsymmetricAlgorithmInTheHeader_verify_refusesIt() {
        String good = tokens.issue(UserId.of("alice"), Duration.ofMinutes(1), clock.millis());
        String signature = good.substring(good.lastIndexOf('.') + 1);
        refused(header("RS256") + "." + claims("alice") + "." + signature);
        refused(header("ES256") + "." + claims("alice") + "." + signature);
    }

    @Test
    void givenAPayloadChangedUnderAGoodSignature_orNoExpiry_verify_refusesIt() {
        String good = tokens.issue(UserId.of("alice"), Duration.ofMinutes(1), clock.millis());
        String[] parts = good.split("\\.");
        refused(parts[0] + "." + claims("mallory") + "." + parts[2]);
        refused(Jwts.builder().subject("alice").signWith(key, Jwts.SIG.HS256).compact());
        refused(good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA"));
        refused(good + "x".repeat(5_000));
        assertThat(tokens.verify(good)).isEqualTo(UserId.of("alice"));
    }
}
