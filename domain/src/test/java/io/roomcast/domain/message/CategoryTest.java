package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryTest {

    @ParameterizedTest
    @CsvSource({"gift,GIFT", "GIFT,GIFT", "GiFt,GIFT", "chat,CHAT", "Notify,NOTIFY", "pk,PK", "PK,PK"})
    void givenAnyCase_parse_findsCategory(String text, Category expected) {
        assertThat(Category.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gifts", "", " gift", "like", "pk "})
    void givenUnknownName_parse_isInvalidArgumentListingValidValues(String text) {
        assertThatThrownBy(() -> Category.parse(text))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith("category: ").contains("'" + text + "'")
                            .contains("[GIFT, CHAT, NOTIFY, PK]");
                });
    }

    @Test
    void givenNull_parse_isInvalidArgumentNamingField() {
        assertThatThrownBy(() -> Category.parse(null))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("category: is required");
                });
    }

    @Test
    void givenCategory_key_isLowerCaseName() {
        assertThat(Category.GIFT.key()).isEqualTo("gift");
        assertThat(Category.NOTIFY.key()).isEqualTo("notify");
        assertThat(Category.PK.key()).isEqualTo("pk");
    }
}
