package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.error.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void everyErrorCode_hasItsStatus() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.INVALID_ARGUMENT, 400);
        expected.put(ErrorCode.INVALID_CURSOR, 400);
        expected.put(ErrorCode.UNAUTHENTICATED, 401);
        expected.put(ErrorCode.FORBIDDEN, 403);
        expected.put(ErrorCode.TOO_LARGE, 413);
        expected.put(ErrorCode.RATE_LIMITED, 429);
        expected.put(ErrorCode.STORE_UNAVAILABLE, 503);
        expected.put(ErrorCode.INTERNAL, 500);

        assertThat(expected).hasSize(ErrorCode.values().length);
        expected.forEach((code, status) -> assertThat(Errors.status(code)).as(code.name()).isEqualTo(status));
    }

    @Test
    void longClientText_isShortenedInMessages() {
        assertThat(Errors.shorten("x".repeat(500))).hasSize(83).endsWith("...");
        assertThat(Errors.shorten("short")).isEqualTo("short");
        assertThat(Errors.shorten(null)).isEqualTo("null");
    }
}
