package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.chat;
import static io.roomcast.testing.TestMessages.giftWorth;
import static io.roomcast.testing.TestMessages.inRoom;
import static io.roomcast.testing.TestMessages.room;
import static io.roomcast.testing.TestMessages.state;
import static io.roomcast.testing.TestMessages.toUser;
import static io.roomcast.testing.TestMessages.user;
import static io.roomcast.testing.TestMessages.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.AppendResult;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Redis store against the in-memory reference store: the same random publishes, the same answers. */
class RedisMessageStoreBehaviourIT extends RedisStoreFixture {
    private static Message anyCategory(Scope scope, UserId to, Category category, long createdAt, int n) {
        return new Message(MessageId.of("x" + n), scope, null, to, category, Priority.NORMAL, null, 0,
                Payload.json("{\"n\":" + n + "}"), createdAt, 0, null, 0, null, null);
    }

    /**
     * The same random publishes, with categories of different ages mixed in the user and broadcast
     * streams, retention cutting by count and age, keys repeated and the clock jumping both ways:
     * every answer equals the in-memory reference store's.
     */
    @Test
    void givenRandomPublishes_everyAnswer_equalsTheInMemoryStores() {
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        ages.put(Category.GIFT, Duration.ofSeconds(60));
        ages.put(Category.CHAT, Duration.ofSeconds(20));
        ages.put(Category.NOTIFY, Duration.ofSeconds(90));
        ages.put(Category.PK, Duration.ofSeconds(40));
        Retention retention = new Retention(12, ages);
        MessageStore redisStore = store(retention);
        MessageStore reference = new InMemoryMessageStore(retention, clock);
        Random random = new Random(20_261_128);
        RoomId r2 = room("r2");
        UserId alice = user("alice");
        List<Cursor> cursors = new ArrayList<>(List.of(Cursor.ORIGIN));
        Category[] categories = Category.values();

        long latest = clock.millis();
        for (int i = 0; i < 600; i++) {
            int dice = random.nextInt(100);
            clock.advance(dice < 5 ? -3_000 : dice < 60 ? 0 : random.nextInt(dice < 95 ? 2_000 : 30_000));
            latest = Math.max(latest, clock.millis());
            Category category = categories[random.nextInt(categories.length)];
            Message m = switch (random.nextInt(7)) {
                case 0 -> chat(r1, clock.millis());
                case 1 -> inRoom(random.nextBoolean() ? r1 : r2, category, Priority.NORMAL, clock.millis());
                case 2 -> state(r1, "key" + random.nextInt(3), random.nextInt(5), clock.millis());
                case 3 -> anyCategory(Scope.BROADCAST, null, category, clock.millis(), i);
                case 4 -> anyCategory(Scope.UNICAST, alice, category, clock.millis(), i);
                case 5 -> withKey(giftWorth(r1, 10, Priority.NORMAL, clock.millis()), "k" + random.nextInt(20));
                default -> toUser(random.nextBoolean() ? alice : user("bob"), clock.millis());
            };
            AppendResult.Stored expected = reference.append(m);
            AppendResult.Stored actual = redisStore.append(m);
            assertThat(plain(actual.stored())).as("append %d", i).isEqualTo(plain(expected.stored()));
            assertThat(actual.duplicate()).isEqualTo(expected.duplicate());
            if (random.nextInt(4) == 0) {
                cursors.add(Cursor.ORIGIN.advance(plain(expected.stored())));
            }
            if (i % 25 == 24) {
                for (Feed feed : List.of(Feed.guest(r1), new Feed(r1, alice), Feed.guest(r2))) {
                    for (Cursor from : cursors.subList(Math.max(0, cursors.size() - 6), cursors.size())) {
                        for (int max : new int[] {1, 5, 40}) {
                            assertThat(plain(redisStore.readSince(feed, from, max))).as("step %d read %s from %s max %d",
                                    i, feed, from, max).isEqualTo(plain(reference.readSince(feed, from, max)));
                        }
                    }
                    assertThat(plain(redisStore.readSince(feed, Cursor.ORIGIN, 200)))
                            .isEqualTo(plain(reference.readSince(feed, Cursor.ORIGIN, 200)));
                    assertThat(plain(redisStore.readLatest(feed, 7))).isEqualTo(plain(reference.readLatest(feed, 7)));
                }
                assertThat(redisStore.latestStates(r1).stream().map(RedisMessageStoreBehaviourIT::plain).toList())
                        .isEqualTo(reference.latestStates(r1).stream().map(RedisMessageStoreBehaviourIT::plain).toList());
                assertThat(plain(redisStore.head(r1))).isEqualTo(plain(reference.head(r1)));
                // The in-memory store forgets a key for good once the clock passes its age; Redis judges
                // the age at each lookup, so after the clock went back it may find a key again. Both
                // are within the contract ("remembered for the retention age"); compare when the clock
                // is at its latest.
                for (int k = 0; k < 20 && clock.millis() >= latest; k++) {
                    IdempotencyKey key = IdempotencyKey.of("k" + k);
                    assertThat(redisStore.findByIdempotencyKey(r1, key).map(RedisMessageStoreBehaviourIT::plain))
                            .isEqualTo(reference.findByIdempotencyKey(r1, key).map(RedisMessageStoreBehaviourIT::plain));
                }
            }
        }
        Set<MessageId> seen = new HashSet<>(readAll(redisStore, new Feed(r1, alice), 3));
        assertThat(seen).isEqualTo(new HashSet<>(readAll(reference, new Feed(r1, alice), 3)));
    }
}
