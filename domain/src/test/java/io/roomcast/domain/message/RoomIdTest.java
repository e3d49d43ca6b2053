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

    @Test
    void givenTheSameValue_roomIdsAndUserIds_areEqualWithinTheirKind_withTheValuesHash() {
        assertThat(RoomId.of("r-1")).isEqualTo(RoomId.of("r-1")).isNotEqualTo(RoomId.of("r-2"))
                .hasSameHashCodeAs(RoomId.of("r-1")).isNotEqualTo(UserId.of("r-1")).isNotEqualTo(null);
        assertThat(RoomId.of("r-1").hashCode()).as("as the record's own: hand-off stripes follow it").isEqualTo("r-1".hashCode());
        assertThat(UserId.of("u-1")).isEqualTo(UserId.of("u-1")).isNotEqualTo(UserId.of("u-2"))
                .hasSameHashCodeAs(UserId.of("u-1")).isNotEqualTo(RoomId.of("u-1"));
        assertThat(UserId.of("u-1").hashCode()).isEqualTo("u-1".hashCode());
    }

    @Test
    void givenTheSameValueAgain_roomId_isTheSameInstance_andAnInvalidValueIsStillRefused() {
        String value = "r-same-instance";
        RoomId first = RoomId.of(value);
        assertThat(RoomId.of(new String(value))).isSameAs(first);
        assertThat(RoomId.of(value + "x")).isNotSameAs(first).isNotEqualTo(first);
        assertThatThrownBy(() -> RoomId.of("bad room")).isInstanceOf(RoomcastException.class);
        assertThatThrownBy(() -> RoomId.of(null)).isInstanceOf(RoomcastException.class);
        // Many rooms share the slots: every answer is still the room asked for.
        for (int i = 0; i < 20_000; i++) {
            assertThat(RoomId.of("room-" + i % 9_000).value()).isEqualTo("room-" + i % 9_000);
        }
    }
}
