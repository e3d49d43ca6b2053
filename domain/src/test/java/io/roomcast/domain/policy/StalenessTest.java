package io.roomcast.domain.policy;

import static io.roomcast.domain.TestMessages.critical;
import static io.roomcast.domain.TestMessages.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StalenessTest {
    private static final long CREATED = 1_764_288_000_000L;

    private final Staleness staleness = Staleness.defaults();

    @ParameterizedTest
    @CsvSource({"CHAT,10000", "NOTIFY,15000", "GIFT,30000", "PK,30000"})
    void givenDefaults_maxAge_isPerCategory(Category category, long millis) {
        assertThat(staleness.maxAgeMillis(category)).isEqualTo(millis);
    }

    @ParameterizedTest
    @EnumSource(Category.class)
    void givenMessageExactlyAtMaxAge_check_isFresh(Category category) {
        Message m = stored(category, Priority.HIGH, 1, CREATED);
        long now = CREATED + staleness.maxAgeMillis(category);

        assertThat(staleness.isStale(m, now)).isFalse();
        assertThat(staleness.check(m, now)).isEqualTo(Outcome.ACCEPTED);
    }

    @ParameterizedTest
    @EnumSource(Category.class)
    void givenMessageOneMilliOverMaxAge_check_isStaleForAge(Category category) {
        Message m = stored(category, Priority.HIGH, 1, CREATED);
        long now = CREATED + staleness.maxAgeMillis(category) + 1;

        assertThat(staleness.isStale(m, now)).isTrue();
        assertThat(staleness.check(m, now)).isEqualTo(Outcome.discarded(DropReason.AGE));
    }

    @Test
    void givenChatAndGiftOfSameAge_check_onlyChatIsStale() {
        long now = CREATED + 20_000;

        assertThat(staleness.isStale(stored(Category.CHAT, Priority.LOW, 1, CREATED), now)).isTrue();
        assertThat(staleness.isStale(stored(Category.GIFT, Priority.LOW, 2, CREATED), now)).isFalse();
    }

    @Test
    void givenCriticalMessage_checkAYearLater_isNeverStale() {
        Message m = critical(1, CREATED);
        long now = CREATED + Duration.ofDays(365).toMillis();

        assertThat(staleness.isStale(m, now)).isFalse();
        assertThat(staleness.check(m, now)).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void givenClockBeforeCreation_check_isFresh() {
        assertThat(staleness.isStale(stored(Category.CHAT, Priority.LOW, 1, CREATED), CREATED - 60_000)).isFalse();
    }

    @Test
    void givenCustomMaxAge_check_usesIt() {
        Map<Category, Duration> ages = new EnumMap<>(Staleness.DEFAULT_MAX_AGE);
        ages.put(Category.CHAT, Duration.ofSeconds(1));
        Staleness custom = new Staleness(ages);
        ages.put(Category.CHAT, Duration.ofSeconds(100));
        Message chat = stored(Category.CHAT, Priority.LOW, 1, CREATED);

        assertThat(custom.maxAgeMillis(Category.CHAT)).isEqualTo(1_000);
        assertThat(custom.isStale(chat, CREATED + 1_000)).isFalse();
        assertThat(custom.isStale(chat, CREATED + 1_001)).isTrue();
    }

    @Test
    void givenCategoryWithoutMaxAge_construct_isRejectedNamingCategory() {
        Map<Category, Duration> ages = new EnumMap<>(Staleness.DEFAULT_MAX_AGE);
        ages.remove(Category.PK);

        assertThatThrownBy(() -> new Staleness(ages)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("PK");
    }

    @Test
    void givenZeroOrNegativeMaxAge_construct_isRejected() {
        Map<Category, Duration> zero = new EnumMap<>(Staleness.DEFAULT_MAX_AGE);
        zero.put(Category.GIFT, Duration.ZERO);
        Map<Category, Duration> negative = new EnumMap<>(Staleness.DEFAULT_MAX_AGE);
        negative.put(Category.GIFT, Duration.ofSeconds(-1));

        assertThatThrownBy(() -> new Staleness(zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GIFT");
        assertThatThrownBy(() -> new Staleness(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GIFT");
    }
}
