package io.roomcast.domain.policy;

import static io.roomcast.domain.TestMessages.giftWorth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.PriorityAssignment.GiftThreshold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityAssignmentTest {
    private final PriorityAssignment defaults = PriorityAssignment.defaults();

    @ParameterizedTest
    @CsvSource({"CHAT,LOW", "NOTIFY,LOWEST", "PK,NORMAL"})
    void givenDefaults_assignWithoutExplicitLevel_givesCategoryDefault(Category category, Priority expected) {
        assertThat(defaults.assign(category, 0, null)).isEqualTo(expected);
    }

    @Test
    void givenDefaults_assignNonGiftWithValue_ignoresValue() {
        assertThat(defaults.assign(Category.CHAT, 5_000, null)).isEqualTo(Priority.LOW);
        assertThat(defaults.assign(Category.PK, 5_000, null)).isEqualTo(Priority.NORMAL);
    }

    @Test
    void givenDefaults_assignFiveThousandCoinGift_outranksOneCoinGift() {
        assertThat(giftWorth(5_000, 2, 0).priority().isAbove(giftWorth(1, 1, 0).priority())).isTrue();
        assertThat(defaults.assign(Category.GIFT, 5_000, null)).isEqualTo(Priority.HIGH);
        assertThat(defaults.assign(Category.GIFT, 1, null)).isEqualTo(Priority.LOW);
    }

    @ParameterizedTest
    @CsvSource({"0,LOW", "9,LOW", "10,NORMAL", "999,NORMAL", "1000,HIGH", "9223372036854775807,HIGH"})
    void givenDefaultThresholds_assignGift_takesHighestThresholdReached(long coins, Priority expected) {
        assertThat(defaults.assign(Category.GIFT, coins, null)).isEqualTo(expected);
    }

    @Test
    void givenExplicitLevel_assign_explicitWinsOverValueAndCategory() {
        assertThat(defaults.assign(Category.GIFT, 5_000, Priority.LOWEST)).isEqualTo(Priority.LOWEST);
        assertThat(defaults.assign(Category.CHAT, 0, Priority.CRITICAL)).isEqualTo(Priority.CRITICAL);
        assertThat(defaults.assign(Category.NOTIFY, 0, Priority.HIGH)).isEqualTo(Priority.HIGH);
    }

    @Test
    void givenUnsortedThresholds_assignGift_usesThemInValueOrder() {
        PriorityAssignment rules = new PriorityAssignment(PriorityAssignment.DEFAULT_LEVELS,
                List.of(new GiftThreshold(100, Priority.HIGH), new GiftThreshold(0, Priority.LOW)));

        assertThat(rules.assign(Category.GIFT, 99, null)).isEqualTo(Priority.LOW);
        assertThat(rules.assign(Category.GIFT, 100, null)).isEqualTo(Priority.HIGH);
    }

    @Test
    void givenGiftBelowEveryThreshold_assign_fallsBackToCategoryDefault() {
        PriorityAssignment rules = new PriorityAssignment(PriorityAssignment.DEFAULT_LEVELS,
                List.of(new GiftThreshold(100, Priority.HIGH)));

        assertThat(rules.assign(Category.GIFT, 99, null)).isEqualTo(Priority.NORMAL);
        assertThat(rules.assign(Category.GIFT, 100, null)).isEqualTo(Priority.HIGH);
    }

    @Test
    void givenNoThresholds_assignGift_givesCategoryDefault() {
        PriorityAssignment rules = new PriorityAssignment(PriorityAssignment.DEFAULT_LEVELS, List.of());

        assertThat(rules.assign(Category.GIFT, 1_000_000, null)).isEqualTo(Priority.NORMAL);
    }

    @Test
    void givenCustomLevels_assign_usesThem() {
        PriorityAssignment rules = new PriorityAssignment(Map.of(Category.GIFT, Priority.HIGH,
                Category.CHAT, Priority.LOWEST, Category.NOTIFY, Priority.NORMAL, Category.PK, Priority.HIGH), List.of());

        assertThat(rules.assign(Category.CHAT, 0, null)).isEqualTo(Priority.LOWEST);
        assertThat(rules.assign(Category.NOTIFY, 0, null)).isEqualTo(Priority.NORMAL);
        assertThat(rules.assign(Category.PK, 0, null)).isEqualTo(Priority.HIGH);
    }

    @Test
    void givenThresholdsThatLowerPriorityAsValueGrows_construct_isRejected() {
        List<GiftThreshold> lowering = List.of(new GiftThreshold(0, Priority.HIGH), new GiftThreshold(100, Priority.LOW));

        assertThatThrownBy(() -> new PriorityAssignment(PriorityAssignment.DEFAULT_LEVELS, lowering))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not lower the priority");
    }

    @Test
    void givenEqualLevelsAtGrowingValues_construct_isAccepted() {
        PriorityAssignment rules = new PriorityAssignment(PriorityAssignment.DEFAULT_LEVELS,
                List.of(new GiftThreshold(0, Priority.NORMAL), new GiftThreshold(50, Priority.NORMAL)));

        assertThat(rules.assign(Category.GIFT, 60, null)).isEqualTo(Priority.NORMAL);
    }

    @Test
    void givenNegativeThreshold_construct_isRejected() {
        assertThatThrownBy(() -> new GiftThreshold(-1, Priority.LOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GiftThreshold(0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenCategoryWithoutLevel_construct_isRejectedNamingCategory() {
        assertThatThrownBy(() -> new PriorityAssignment(Map.of(Category.GIFT, Priority.NORMAL, Category.CHAT,
                Priority.LOW, Category.NOTIFY, Priority.LOWEST), List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("PK");
    }
}
