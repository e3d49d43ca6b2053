package io.roomcast.domain.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The five textual identifiers share one rule: 1-64 characters of {@code [A-Za-z0-9_.-]}. */
class IdentifiersTest {

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("roomId", (Function<String, Object>) RoomId::of),
                Arguments.of("userId", (Function<String, Object>) UserId::of),
                Arguments.of("stateKey", (Function<String, Object>) StateKey::of),
                Arguments.of("idempotencyKey", (Function<String, Object>) IdempotencyKey::of),
                Arguments.of("id", (Function<String, Object>) MessageId::of));
    }

    static Stream<Arguments> badCharacters() {
        return identifiers().flatMap(a -> Stream.of("a b", "a/b", "r1:gift", "caf\u00e9", "a\nb", "x*", "<r1>", "a+b")
                .map(bad -> Arguments.of(a.get()[0], a.get()[1], bad)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void givenEveryAllowedCharacter_create_keepsValue(String field, Function<String, Object> create) {
        String value = "Az09_.-";

        Object id = create.apply(value);

        assertThat(id.toString()).isEqualTo(value);
        assertThat(id).isEqualTo(create.apply(value)).hasSameHashCodeAs(create.apply(value));
        assertThat(id).isNotEqualTo(create.apply("Az09_.x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void givenOneAndSixtyFourCharacters_create_isAccepted(String field, Function<String, Object> create) {
        assertThat(create.apply("a").toString()).isEqualTo("a");
        assertThat(create.apply("x".repeat(64)).toString()).hasSize(64);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void givenNull_create_isInvalidArgumentNamingField(String field, Function<String, Object> create) {
        assertInvalid(() -> create.apply(null), field, "is required");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void givenEmpty_create_isInvalidArgumentNamingField(String field, Function<String, Object> create) {
        assertInvalid(() -> create.apply(""), field, "1-64");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void givenSixtyFiveCharacters_create_isInvalidArgumentNamingField(String field, Function<String, Object> create) {
        assertInvalid(() -> create.apply("x".repeat(65)), field, "got 65");
    }

    @ParameterizedTest(name = "{0} \"{2}\"")
    @MethodSource("badCharacters")
    void givenBadCharacter_create_isInvalidArgumentNamingField(String field, Function<String, Object> create,
            String bad) {
        assertInvalid(() -> create.apply(bad), field, "may hold only");
    }

    private static void assertInvalid(Runnable create, String field, String problem) {
        assertThatThrownBy(create::run)
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(problem);
                });
    }
}
