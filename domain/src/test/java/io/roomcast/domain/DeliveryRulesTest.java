package io.roomcast.domain;

import static io.roomcast.domain.TestMessages.ROOM;
import static io.roomcast.domain.TestMessages.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.BlockWindow;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import io.roomcast.domain.policy.PollingPolicy;
import io.roomcast.domain.policy.PriorityAssignment;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.domain.policy.Staleness;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryRulesTest {
    private static final long T0 = 1_764_288_000_000L;

    @Test
    void givenDefaults_construct_usesEveryRulesDefaults() {
        DeliveryRules rules = DeliveryRules.defaults();

        assertThat(rules.admission()).isEqualTo(AdmissionPolicy.defaults());
        assertThat(rules.polling()).isEqualTo(PollingPolicy.defaults());
        assertThat(rules.blocks()).isEqualTo(BlockPolicy.defaults());
        assertThat(rules.maxPayloadBytes()).isEqualTo(8 * 1024).isEqualTo(DeliveryRules.DEFAULT_MAX_PAYLOAD_BYTES);
        for (Category category : Category.values()) {
            assertThat(rules.staleness().maxAgeMillis(category))
                    .isEqualTo(Staleness.DEFAULT_MAX_AGE.get(category).toMillis());
            assertThat(rules.priorities().assign(category, 5_000, null))
                    .isEqualTo(PriorityAssignment.defaults().assign(category, 5_000, null));
        }
        assertThat(rules.priorities().assign(Category.GIFT, 5_000, null)).isEqualTo(Priority.HIGH);
    }

    @Test
    void givenCustomStaleness_pick_usesIt() {
        Map<Category, Duration> ages = new EnumMap<>(Staleness.DEFAULT_MAX_AGE);
        ages.put(Category.CHAT, Duration.ofSeconds(1));
        DeliveryRules rules = DeliveryRules.defaults().withStaleness(new Staleness(ages));

        PriorityPick.Selection selection = rules.pick().pick(List.of(chat(1, T0)), 15, T0 + 1_001, DropReason.PRIORITY);

        assertThat(selection.chosen()).isEmpty();
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 1, 0, 0));
    }

    @Test
    void givenCustomBlocks_newBlockWindow_usesThem() {
        DeliveryRules rules = DeliveryRules.defaults().withBlocks(new BlockPolicy(500, 1_000, 2));
        BlockWindow window = rules.newBlockWindow(ROOM);
        window.offer(chat(1, T0), T0);
        window.offer(chat(2, T0), T0);

        Block block = window.drain(T0).block();

        assertThat(block.header().roomId()).isEqualTo(ROOM);
        assertThat(block.entries()).hasSize(1);
        assertThat(block.skipped()).isEqualTo(new SkipCounts(0, 0, 1, 0));
    }

    @Test
    void givenNewAdmission_withAdmission_replacesOnlyAdmission() {
        DeliveryRules defaults = DeliveryRules.defaults();
        AdmissionPolicy slow = AdmissionPolicy.ofRate(10);

        DeliveryRules rules = defaults.withAdmission(slow);

        assertThat(rules.admission()).isSameAs(slow);
        assertThat(rules.priorities()).isSameAs(defaults.priorities());
        assertThat(rules.staleness()).isSameAs(defaults.staleness());
        assertThat(rules.polling()).isSameAs(defaults.polling());
        assertThat(rules.blocks()).isSameAs(defaults.blocks());
        assertThat(rules.maxPayloadBytes()).isEqualTo(defaults.maxPayloadBytes());
    }

    @Test
    void givenMissingRuleOrBadPayloadLimit_construct_isRejected() {
        DeliveryRules d = DeliveryRules.defaults();

        assertThatThrownBy(() -> new DeliveryRules(null, d.admission(), d.staleness(), d.polling(), d.blocks(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("priorities");
        assertThatThrownBy(() -> new DeliveryRules(d.priorities(), null, d.staleness(), d.polling(), d.blocks(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("admission");
        assertThatThrownBy(() -> new DeliveryRules(d.priorities(), d.admission(), null, d.polling(), d.blocks(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("staleness");
        assertThatThrownBy(() -> new DeliveryRules(d.priorities(), d.admission(), d.staleness(), null, d.blocks(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("polling");
        assertThatThrownBy(() -> new DeliveryRules(d.priorities(), d.admission(), d.staleness(), d.polling(), null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("blocks");
        assertThatThrownBy(() -> new DeliveryRules(d.priorities(), d.admission(), d.staleness(), d.polling(),
                d.blocks(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
