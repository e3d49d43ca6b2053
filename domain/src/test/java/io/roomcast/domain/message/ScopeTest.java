package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    @ParameterizedTest
    @CsvSource({"user,UNICAST", "USER,UNICAST", "unicast,UNICAST", "room,ROOM", "Room,ROOM",
            "broadcast,BROADCAST", "BroadCast,BROADCAST", "SCOPE_ROOM,ROOM", "SCOPE_USER,UNICAST",
            "scope_broadcast,BROADCAST"})
    void givenWireEnumOrAnswerNameInAnyCase_parse_findsScope(String text, Scope expected) {
        assertThat(Scope.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "", "multicast", "all", "SCOPE_UNICAST", "SCOPE_UNSPECIFIED"})
    void givenUnknownName_parse_isInvalidArgumentListingWireNames(String text) {
        assertThatThrownBy(() -> Scope.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("scope: ").contains("'" + text + "'")
                            .contains("[user, room, broadcast]");
                });
    }

    @Test
    void givenNull_parse_isInvalidArgumentNamingField() {
        assertThatThrownBy(() -> Scope.parse(null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("scope: is required");
                });
    }

    @Test
    void givenScope_wireName_isApiName() {
        assertThat(Scope.UNICAST.wireName()).isEqualTo("user");
        assertThat(Scope.ROOM.wireName()).isEqualTo("room");
        assertThat(Scope.BROADCAST.wireName()).isEqualTo("broadcast");
    }
}
