package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;

class RoomIdTest {
    @Test
    void givenReservedName_roomId_isRefusedNamingTheReservedNames() {
        for (String reserved : RoomId.RESERVED) {
            assertThatThrownBy(() -> RoomId.of(reserved))
                    .isInstanceOfSatisfying(RoomcastException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("reserved");
        }
        assertThat(RoomId.of("users").value()).isEqualTo("users");
        assertThat(RoomId.of("User").value()).isEqualTo("User");
    }
}
