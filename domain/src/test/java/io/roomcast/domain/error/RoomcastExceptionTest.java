package io.roomcast.domain.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoomcastExceptionTest {

    @Test
    void givenFieldAndProblem_invalid_carriesInvalidArgumentAndNamesField() {
        RoomcastException e = RoomcastException.invalid("roomId", "is too long");

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("roomId: is too long");
    }

    @Test
    void givenNull_required_throwsInvalidArgumentNamingField() {
        assertThatThrownBy(() -> RoomcastException.required(null, "senderId"))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("senderId: is required");
                });
    }

    @Test
    void givenValue_required_returnsSameValue() {
        Object value = new Object();

        assertThat(RoomcastException.required(value, "x")).isSameAs(value);
    }

    @Test
    void givenCause_construct_keepsCodeMessageAndCause() {
        IllegalStateException cause = new IllegalStateException("down");

        RoomcastException e = new RoomcastException(ErrorCode.STORE_UNAVAILABLE, "store down", cause);

        assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(e).hasMessage("store down").hasCause(cause);
    }

    @Test
    void givenNullCode_construct_isRejected() {
        assertThatThrownBy(() -> new RoomcastException(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
