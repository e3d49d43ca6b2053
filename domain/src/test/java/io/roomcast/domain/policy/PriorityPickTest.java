package io.roomcast.domain.policy;

import static io.roomcast.domain.TestMessages.OTHER_ROOM;
import static io.roomcast.domain.TestMessages.ROOM;
import static io.roomcast.domain.TestMessages.broadcastState;
import static io.roomcast.domain.TestMessages.chat;
import static io.roomcast.domain.TestMessages.critical;
import static io.roomcast.domain.TestMessages.giftWorth;
import static io.roomcast.domain.TestMessages.notice;
import static io.roomcast.domain.TestMessages.state;
import static io.roomcast.domain.TestMessages.stored;
import static io.roomcast.domain.TestMessages.userState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.PriorityPick.Selection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriorityPickTest {
    private static final long NOW = 1_764_288_060_000L;
    /** Created one second ago: fresh for every category. */
    private static final long RECENT = NOW - 1_000;

    private final PriorityPick pick = new PriorityPick(Staleness.defaults());

    private Selection pick(List<Message> window, int limit) {
        Selection selection = pick.pick(window, limit, NOW, DropReason.PRIORITY);
        assertThat(selection.chosen().size() + selection.skipped().total())
                .as("chosen + skipped == consumed").isEqualTo(selection.consumed());
        return selection;
    }

    @Test
    void givenWindowWithinLimit_pick_choosesAllInPositionOrder() {
        List<Message> window = List.of(chat(1, RECENT), giftWorth(5_000, 2, RECENT), notice(3, RECENT));

        Selection selection = pick(window, 15);

        assertThat(selection.chosen()).containsExactlyElementsOf(window);
        assertThat(selection.skipped()).isEqualTo(SkipCounts.NONE);
        assertThat(selection.consumed()).isEqualTo(3);
    }

    @Test
    void givenEmptyWindow_pick_choosesNothing() {
        Selection selection = pick(List.of(), 15);

        assertThat(selection.chosen()).isEmpty();
        assertThat(selection.consumed()).isZero();
        assertThat(selection.skipped()).isEqualTo(SkipCounts.NONE);
    }

    @Test
    void givenMoreThanLimit_pick_choosesHighestLevelsAndKeepsPositionOrder() {
        Message chat1 = chat(1, RECENT);
        Message rocket2 = giftWorth(5_000, 2, RECENT);
        Message like3 = notice(3, RECENT);
        Message rose4 = giftWorth(10, 4, RECENT);
        Message chat5 = chat(5, RECENT);
        Message result6 = stored(Category.PK, Priority.HIGH, 6, RECENT);

        Selection selection = pick(List.of(chat1, rocket2, like3, rose4, chat5, result6), 3);

        assertThat(selection.chosen()).containsExactly(rocket2, rose4, result6);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(3, 0, 0, 0));
        assertThat(selection.consumed()).isEqualTo(6);
    }

    @Test
    void givenFiveThousandAndOneCoinGifts_pickOne_choosesTheValuableGift() {
        Message cheap = giftWorth(1, 1, RECENT);
        Message rocket = giftWorth(5_000, 2, RECENT);

        assertThat(pick(List.of(cheap, rocket), 1).chosen()).containsExactly(rocket);
    }

    @Test
    void givenSameLevelOverLimit_pick_choosesOldestFirst() {
        List<Message> chats = List.of(chat(1, RECENT), chat(2, RECENT), chat(3, RECENT), chat(4, RECENT));

        Selection selection = pick(chats, 2);

        assertThat(selection.chosen()).containsExactly(chats.get(0), chats.get(1));
        assertThat(selection.skipped().priority()).isEqualTo(2);
    }

    @Test
    void givenSameLevelOverLimit_pickNewest_choosesNewestFirst_aboveLowerLevels_inPositionOrder() {
        Message rocket = giftWorth(5_000, 1, RECENT);
        List<Message> window = List.of(rocket, chat(2, RECENT), chat(3, RECENT), chat(4, RECENT), chat(5, RECENT));

        Selection selection = pick.pickNewest(window, 3, NOW, DropReason.BUDGET);

        assertThat(selection.chosen()).containsExactly(rocket, window.get(3), window.get(4));
        assertThat(selection.skipped().budget()).isEqualTo(2);
        assertThat(selection.consumed()).isEqualTo(5);
    }

    @Test
    void givenBudgetAsOverflowReason_pick_countsOverflowAsBudget() {
        List<Message> window = List.of(chat(1, RECENT), chat(2, RECENT), chat(3, RECENT));

        Selection selection = pick.pick(window, 1, NOW, DropReason.BUDGET);

        assertThat(selection.chosen()).containsExactly(window.get(0));
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 0, 2, 0));
    }

    @Test
    void givenStaleMessages_pick_dropsThemForAgeAtTheBoundary() {
        Message justFresh = chat(1, NOW - 10_000);
        Message justStale = chat(2, NOW - 10_001);
        Message oldGift = giftWorth(5_000, 3, NOW - 20_000);

        Selection selection = pick(List.of(justFresh, justStale, oldGift), 15);

        assertThat(selection.chosen()).containsExactly(justFresh, oldGift);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 1, 0, 0));
    }

    @Test
    void givenStaleHighMessage_pick_doesNotLetItTakeASlot() {
        Message staleRocket = giftWorth(5_000, 1, NOW - 60_000);
        Message chat2 = chat(2, RECENT);
        Message chat3 = chat(3, RECENT);

        Selection selection = pick(List.of(staleRocket, chat2, chat3), 2);

        assertThat(selection.chosen()).containsExactly(chat2, chat3);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 1, 0, 0));
    }

    @Test
    void givenStateVersions_pick_keepsOnlyNewestVersion() {
        Message v1 = state("pk.score", 1, 1, RECENT);
        Message v3 = state("pk.score", 3, 2, RECENT);
        Message v2 = state("pk.score", 2, 3, RECENT);

        Selection selection = pick(List.of(v1, v3, v2), 15);

        assertThat(selection.chosen()).containsExactly(v3);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 0, 0, 2));
    }

    @Test
    void givenEqualStateVersions_pick_keepsTheLaterOne() {
        Message first = state("pk.score", 5, 1, RECENT);
        Message second = state("pk.score", 5, 2, RECENT);

        Selection selection = pick(List.of(first, second), 15);

        assertThat(selection.chosen()).containsExactly(second);
        assertThat(selection.skipped().superseded()).isEqualTo(1);
    }

    @Test
    void givenDifferentStateSlots_pick_collapsesEachSeparately() {
        Message scoreV1 = state("pk.score", 1, 1, RECENT);
        Message rankV1 = state("gift.rank", 1, 2, RECENT);
        Message otherRoomScore = state(OTHER_ROOM, "pk.score", 0, 3, RECENT);
        Message scoreV2 = state("pk.score", 2, 4, RECENT);
        Message aliceScore = userState(UserId.of("alice"), "pk.score", 9, 5, RECENT);
        Message bobScore = userState(UserId.of("bob"), "pk.score", 1, 6, RECENT);
        Message globalScore = broadcastState("pk.score", 1, 7, RECENT);

        Selection selection = pick(List.of(scoreV1, rankV1, otherRoomScore, scoreV2, aliceScore, bobScore, globalScore),
                15);

        assertThat(selection.chosen()).containsExactly(rankV1, otherRoomScore, scoreV2, aliceScore, bobScore, globalScore);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 0, 0, 1));
    }

    @Test
    void givenSupersededStates_pick_doesNotSpendLimitOnThem() {
        Message v1 = state("pk.score", 1, 1, RECENT);
        Message v2 = state("pk.score", 2, 2, RECENT);
        Message chat3 = chat(3, RECENT);

        Selection selection = pick(List.of(v1, v2, chat3), 2);

        assertThat(selection.chosen()).containsExactly(v2, chat3);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 0, 0, 1));
    }

    @Test
    void givenStaleNewestState_pick_countsItAsAgeAndKeepsFreshOlderVersion() {
        Message staleV2 = state("pk.score", 2, 1, NOW - 31_000);
        Message freshV1 = state("pk.score", 1, 2, RECENT);

        Selection selection = pick(List.of(staleV2, freshV1), 15);

        assertThat(selection.chosen()).containsExactly(freshV1);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(0, 1, 0, 0));
    }

    @Test
    void givenCriticalsAmongMany_pick_neverDropsCritical() {
        Message kick = critical(1, RECENT);
        List<Message> window = new ArrayList<>(List.of(kick));
        for (int seq = 2; seq <= 11; seq++) {
            window.add(giftWorth(5_000, seq, RECENT));
        }
        Message mute = critical(12, NOW - 3_600_000); // an hour old: CRITICAL never goes stale
        window.add(mute);

        Selection selection = pick(window, 3);

        assertThat(selection.chosen()).hasSize(3).contains(kick, mute);
        assertThat(selection.chosen().get(1)).isEqualTo(window.get(1));
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(9, 0, 0, 0));
        assertThat(selection.consumed()).isEqualTo(12);
    }

    @Test
    void givenMoreCriticalsThanLimit_pick_cutsWindowAfterLimitthCritical() {
        Message chat1 = chat(1, RECENT);
        Message c2 = critical(2, RECENT);
        Message chat3 = chat(3, RECENT);
        Message c4 = critical(4, RECENT);
        Message c5 = critical(5, RECENT);
        Message chat6 = chat(6, RECENT);

        Selection selection = pick(List.of(chat1, c2, chat3, c4, c5, chat6), 2);

        assertThat(selection.consumed()).isEqualTo(4);
        assertThat(selection.chosen()).containsExactly(c2, c4);
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(2, 0, 0, 0));
    }

    @Test
    void givenExactlyLimitCriticalsEndingTheWindow_pick_consumesWholeWindow() {
        List<Message> window = List.of(chat(1, RECENT), critical(2, RECENT), critical(3, RECENT));

        Selection selection = pick(window, 2);

        assertThat(selection.consumed()).isEqualTo(3);
        assertThat(selection.chosen()).containsExactly(window.get(1), window.get(2));
    }

    @Test
    void givenCriticalStateMessages_pick_neverCollapsesThem() {
        Message v1 = stored(ROOM, Category.NOTIFY, Priority.CRITICAL, 0, "mod.mute", 1, 1,
                RECENT);
        Message v2 = stored(ROOM, Category.NOTIFY, Priority.CRITICAL, 0, "mod.mute", 2, 2,
                RECENT);

        Selection selection = pick(List.of(v1, v2), 15);

        assertThat(selection.chosen()).containsExactly(v1, v2);
        assertThat(selection.skipped()).isEqualTo(SkipCounts.NONE);
    }

    @Test
    void givenEveryDropReason_pick_countsEachAndAccountsForTheWindow() {
        List<Message> window = List.of(
                chat(1, NOW - 11_000),              // AGE
                state("pk.score", 1, 2, RECENT),    // SUPERSEDED
                chat(3, RECENT),                    // over the limit: PRIORITY
                state("pk.score", 2, 4, RECENT),
                giftWorth(5_000, 5, RECENT));

        Selection selection = pick(window, 2);

        assertThat(selection.chosen()).containsExactly(window.get(3), window.get(4));
        assertThat(selection.skipped()).isEqualTo(new SkipCounts(1, 1, 0, 1));
        assertThat(selection.consumed()).isEqualTo(5);
    }

    @Test
    void givenLimitBelowOne_pick_isRejected() {
        assertThatThrownBy(() -> pick.pick(List.of(chat(1, RECENT)), 0, NOW, DropReason.PRIORITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenSelection_chosen_cannotBeModified() {
        Selection selection = pick(List.of(chat(1, RECENT)), 15);

        assertThatThrownBy(() -> selection.chosen().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
