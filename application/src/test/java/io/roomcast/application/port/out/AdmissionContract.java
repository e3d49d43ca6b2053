package io.roomcast.application.port.out;

import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.domain.policy.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The room budget's part of {@link MessageStoreContract} (which extends this, so every store runs
 * it): {@link MessageStore#append(Message, AdmissionPolicy)} follows the rows of
 * {@link AdmissionTable} (the same rows the domain {@code RoomBudget} passes), leaves a refused
 * message unstored, and answers a retry by its idempotency key without spending budget. Also the
 * suite's store bookkeeping: subclasses create a fresh, empty store per call of {@link #createStore};
 * every store created is closed after each test.
 */
public abstract class AdmissionContract {
    protected static final Retention ROOMY = Retention.uniform(100_000, Duration.ofHours(1));

    protected final ManualClock clock = new ManualClock();
    private final List<MessageStore> created = new ArrayList<>();

    /** A new, empty store with this retention, reading time from {@code clock}. */
    protected abstract MessageStore createStore(Retention retention, Clock clock) throws Exception;

    protected final MessageStore store(Retention retention) throws Exception {
        MessageStore store = createStore(retention, clock);
        created.add(store);
        return store;
    }

    private MessageStore store() throws Exception {
        return store(ROOMY);
    }

    @AfterEach
    void closeStores() {
        for (MessageStore store : created) {
            store.close();
        }
    }

    static List<AdmissionTable.Scenario> scenarios() {
        return AdmissionTable.scenarios();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void givenTableScenario_appendWithBudget_admitsAsTheDomainRule(AdmissionTable.Scenario scenario) throws Exception {
        MessageStore store = store();
        RoomId room = room("admit-" + Math.abs(scenario.name().hashCode()));
        long start = clock.millis();
        List<Integer> admitted = AdmissionTable.run(scenario, (level, at) -> {
            clock.set(start + at);
            Message m = inRoom(room, Category.CHAT, level, start + at);
            return store.append(m, scenario.policy()) instanceof AppendResult.Stored;
        });

        assertThat(admitted).isEqualTo(AdmissionTable.expected(scenario));
        assertThat(store.readSince(new Feed(room, null), Cursor.ORIGIN, 10_000).messages())
                .as("refused messages are not stored").hasSize(scenario.admitted());
    }

    @Test
    void givenEmptyBudget_appendWithBudget_refusesForOverloadAndStoresNothing() throws Exception {
        MessageStore store = store();
        RoomId r1 = room("r1");
        AdmissionPolicy policy = AdmissionPolicy.ofRate(2).withCriticalRate(1);
        long now = clock.millis();
        assertThat(store.append(inRoom(r1, Category.GIFT, Priority.HIGH, now), policy)).isInstanceOf(AppendResult.Stored.class);
        assertThat(store.append(inRoom(r1, Category.GIFT, Priority.HIGH, now), policy)).isInstanceOf(AppendResult.Stored.class);

        AppendResult refused = store.append(inRoom(r1, Category.GIFT, Priority.HIGH, now), policy);

        assertThat(refused).isEqualTo(new AppendResult.Refused(DropReason.OVERLOAD));
        assertThat(store.readSince(new Feed(r1, null), Cursor.ORIGIN, 100).messages()).hasSize(2);
        assertThat(store.append(inRoom(room("r2"), Category.GIFT, Priority.HIGH, now), policy))
                .as("another room has its own budget").isInstanceOf(AppendResult.Stored.class);
    }

    @Test
    void givenEmptyBudget_retryWithKnownKey_answersTheFirstWithoutSpending() throws Exception {
        MessageStore store = store();
        RoomId r1 = room("r1");
        AdmissionPolicy policy = AdmissionPolicy.ofRate(2).withCriticalRate(1);
        long now = clock.millis();
        Message first = ((AppendResult.Stored) store.append(withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1"), policy)).stored();
        store.append(inRoom(r1, Category.GIFT, Priority.HIGH, now), policy);

        AppendResult retry = store.append(withKey(inRoom(r1, Category.GIFT, Priority.HIGH, now), "k-1"), policy);

        assertThat(retry).isEqualTo(new AppendResult.Stored(first, true));
    }

    @Test
    void givenUnicastMessage_appendWithBudget_isRejected() throws Exception {
        MessageStore store = store();
        Message unicast = toUser(user("alice"), clock.millis());

        assertThatThrownBy(() -> store.append(unicast, AdmissionPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
