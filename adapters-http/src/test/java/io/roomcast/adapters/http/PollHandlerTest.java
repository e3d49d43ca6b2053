package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;

class PollHandlerTest {
    @Test
    void limit_isAWholeNumberOrAbsent() {
        assertThat(PollHandler.limit(null)).isNull();
        assertThat(PollHandler.limit("")).isNull();
        assertThat(PollHandler.limit("15")).isEqualTo(15);
        assertThat(PollHandler.limit("-1")).isEqualTo(-1);
        for (String bad : new String[] {"ten", "1.5", "-", "1e3", "1234567890", " 5"}) {
            assertThatThrownBy(() -> PollHandler.limit(bad)).as(bad).isInstanceOf(RoomcastException.class)
                    .hasMessageStartingWith("limit:")
                    .satisfies(e -> assertThat(((RoomcastException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void viewer_isAnOptionalPlainId() {
        assertThat(PollHandler.viewer(null)).isNull();
        assertThat(PollHandler.viewer("")).isNull();
        assertThat(PollHandler.viewer("device-42.a_b")).isEqualTo("device-42.a_b");
        assertThatThrownBy(() -> PollHandler.viewer("a b")).hasMessageStartingWith("viewer:");
        assertThatThrownBy(() -> PollHandler.viewer("v".repeat(65))).hasMessageStartingWith("viewer:");
    }
}
