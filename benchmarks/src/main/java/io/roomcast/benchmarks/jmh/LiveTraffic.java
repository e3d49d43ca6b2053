package io.roomcast.benchmarks.jmh;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.block.BlockWindow;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.MessageId;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Position;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.PriorityAssignment;
import io.roomcast.domain.policy.PriorityPick;
import io.roomcast.domain.policy.Staleness;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic messages of one hot live room, made deterministically from a seed so every fork and
 * every run measures the same bytes.
 *
 * <p>The mix, per 1,000 messages: 450 chat lines, 200 entry notices and likes, 220 gifts (120
 * roses worth 1 coin, 60 hearts worth 10, 30 rockets worth 5,000, 10 carnivals worth 30,000),
 * 80 PK score updates, 30 online-count updates, 15 gift-ranking updates (the last three are state
 * messages with a {@code stateKey} and a rising {@code version}), 3 PK results and 2 moderation
 * notices ({@code CRITICAL}). Priorities come from the real {@link PriorityAssignment#defaults()}
 * rule (gifts by value), except PK results ({@code HIGH}) and moderation ({@code CRITICAL}),
 * which the business server sets explicitly.
 *
 * <p>Payloads are the JSON a business server sends: sender names (some in Chinese, as on the
 * platform the seed describes), levels, badges, CDN links for gift animations. Not thread-safe:
 * one instance per {@code @Setup}.
 */
final class LiveTraffic {
    /** The hot room every message goes to. */
    static final RoomId ROOM = RoomId.of("r8842113");
    /** 2026-11-28T00:00:00Z: the first {@code createdAt} of a run. */
    static final long EPOCH = 1_764_288_000_000L;

    private static final PriorityAssignment PRIORITIES = PriorityAssignment.defaults();

    private static final String[] NAMES = {
        "night_owl_77", "小鱼儿Fish", "KarenBakes", "星辰大海", "dj_mango", "PK狂人", "lil_pineapple",
        "Alessandro.R", "cici_酱", "tomato_king", "月下独酌", "SkyWalker2049",
    };
    private static final String[] BADGES = {"vip", "fan-club-lv5", "fan-club-lv12", "moderator", "top-gifter", "new"};
    private static final String[] CHAT_LINES = {
        "this PK is insane, go go go!!! 🔥🔥",
        "哈哈哈哈 主播太搞笑了 笑死我了",
        "where did you buy that jacket? link pls",
        "first time here, love the vibes 💜",
        "666666 rocket incoming, hold on",
        "can you play the song from yesterday?",
        "加油加油！今晚一定赢！",
        "lol the cat just walked across the desk",
    };

    /** One gift kind: id, display name, value in coins, animation file. */
    private record Gift(String id, String name, long value, String animation) {
    }

    private static final Gift ROSE = new Gift("rose", "Rose", 1, "rose.webp");
    private static final Gift HEART = new Gift("heart", "Big Heart", 10, "heart.webp");
    private static final Gift ROCKET = new Gift("rocket", "Super Rocket", 5_000, "rocket.webp");
    private static final Gift CARNIVAL = new Gift("carnival", "Carnival Parade", 30_000, "carnival.webp");

    private final Random random;
    private long millis = EPOCH;
    private long seq;
    private long pkScoreVersion;
    private long onlineVersion;
    private long rankVersion;
    private long leftScore = 120_000;
    private long rightScore = 95_000;

    LiveTraffic(long seed) {
        this.random = new Random(seed);
    }

    // ---------------------------------------------------------------------------------------
    // One representative message of each kind (for the codec benchmarks and the size table)
    // ---------------------------------------------------------------------------------------

    /** A 5,000-coin rocket, combo 3, as in the issue's example. */
    Message gift() {
        return gift(ROCKET, 3);
    }

    /** A chat line of about 40 characters with the sender's name, level and badges. */
    Message chat() {
        return chat("night_owl_77", 17, "this PK is insane, go go go!!! 🔥🔥 who wins?", "fan-club-lv5", "vip");
    }

    /** A PK progress state message: both scores, both rooms, time left. */
    Message pkScore() {
        return pkScore(128_400, 97_350, 142_000);
    }

    // ---------------------------------------------------------------------------------------
    // The mix
    // ---------------------------------------------------------------------------------------

    /** The next message of the mix, not stored yet, created {@code stepMillis} after the previous one. */
    Message next(long stepMillis) {
        millis += stepMillis;
        int roll = random.nextInt(1_000);
        if (roll < 450) {
            String name = name();
            return chat(name, 1 + random.nextInt(60), CHAT_LINES[random.nextInt(CHAT_LINES.length)],
                    BADGES[random.nextInt(BADGES.length)]);
        } else if (roll < 650) {
            return notice(random.nextBoolean()
                    ? "{\"type\":\"enter\",\"userName\":\"" + name() + "\",\"userLevel\":" + (1 + random.nextInt(60)) + "}"
                    : "{\"type\":\"like\",\"userName\":\"" + name() + "\",\"count\":" + (1 + random.nextInt(30)) + "}");
        } else if (roll < 770) {
            return gift(ROSE, 1 + random.nextInt(10));
        } else if (roll < 830) {
            return gift(HEART, 1 + random.nextInt(5));
        } else if (roll < 860) {
            return gift(ROCKET, 1 + random.nextInt(3));
        } else if (roll < 870) {
            return gift(CARNIVAL, 1);
        } else if (roll < 950) {
            leftScore += random.nextInt(5_000);
            rightScore += random.nextInt(5_000);
            return pkScore(leftScore, rightScore, Math.max(0, 300_000 - (millis - EPOCH) % 300_000));
        } else if (roll < 980) {
            return state(Category.NOTIFY, Priority.LOWEST, "room.online", ++onlineVersion,
                    "{\"online\":" + (12_000 + random.nextInt(2_000)) + "}");
        } else if (roll < 995) {
            return state(Category.GIFT, Priority.NORMAL, "rank.gifts", ++rankVersion,
                    "{\"top\":[{\"name\":\"" + name() + "\",\"value\":" + random.nextInt(900_000)
                    + "},{\"name\":\"" + name() + "\",\"value\":" + random.nextInt(400_000)
                    + "},{\"name\":\"" + name() + "\",\"value\":" + random.nextInt(100_000) + "}]}");
        } else if (roll < 998) {
            return message(Category.PK, Priority.HIGH, null, 0, null, 0,
                    "{\"pkId\":\"pk-20261128-8842113-7\",\"winner\":\"r8842113\",\"leftScore\":" + leftScore
                    + ",\"rightScore\":" + rightScore + ",\"mvp\":\"" + name() + "\"}");
        }
        return message(Category.NOTIFY, Priority.CRITICAL, null, 0, null, 0,
                "{\"type\":\"mute\",\"target\":\"" + userId().value() + "\",\"durationSec\":600,\"reason\":\"spam\"}");
    }

    /** {@code n} messages of the mix, not stored, {@code stepMillis} apart. */
    List<Message> unstored(int n, long stepMillis) {
        List<Message> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(stepMillis));
        }
        return out;
    }

    /** {@code n} messages of the mix stored at increasing positions, spread evenly over {@code spanMillis}. */
    List<Message> stored(int n, long spanMillis) {
        long start = millis;
        List<Message> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            millis = start + spanMillis * i / Math.max(1, n);
            out.add(store(next(0)));
        }
        millis = start + spanMillis;
        return out;
    }

    /** {@code m} stored at the next position, as a store would. */
    Message store(Message m) {
        return m.storedAt(new Position(Math.max(m.createdAt(), millis), ++seq));
    }

    /**
     * A block of exactly {@code entries} entries made by the real merge: mix messages 5 ms apart
     * offered to a block window with the render budget off and drained, with as many messages as
     * it takes (superseded state messages are counted in the block's {@code skipped}).
     */
    Block mergedBlock(int entries) {
        BlockPolicy defaults = BlockPolicy.defaults();
        BlockPolicy budgetOff = new BlockPolicy(defaults.windowMillis(), defaults.quietMillis(), 0);
        PriorityPick pick = new PriorityPick(Staleness.defaults());
        List<Message> window = new ArrayList<>();
        while (true) {
            window.add(store(next(5)));
            BlockWindow merge = new BlockWindow(ROOM, budgetOff, pick);
            for (Message m : window) {
                merge.offer(m, millis);
            }
            Block block = merge.drain(millis).block();
            if (block.entries().size() == entries && merge.isEmpty()) {
                return block;
            }
        }
    }

    /** The time of the newest message made so far. */
    long now() {
        return millis;
    }

    // ---------------------------------------------------------------------------------------
    // Builders
    // ---------------------------------------------------------------------------------------

    private Message gift(Gift gift, int combo) {
        String name = name();
        String payload = "{\"giftId\":\"" + gift.id() + "\",\"giftName\":\"" + gift.name() + "\",\"count\":1,\"value\":"
                + gift.value() + ",\"combo\":" + combo + ",\"senderName\":\"" + name + "\",\"senderLevel\":"
                + (1 + random.nextInt(60)) + ",\"animation\":\"https://cdn.example/gifts/" + gift.animation() + "\"}";
        Priority priority = PRIORITIES.assign(Category.GIFT, gift.value(), null);
        return message(Category.GIFT, priority, userId(), gift.value() * combo, null, 0, payload);
    }

    private Message chat(String name, int level, String text, String... badges) {
        StringBuilder payload = new StringBuilder(128)
                .append("{\"text\":\"").append(text).append("\",\"senderName\":\"").append(name)
                .append("\",\"senderLevel\":").append(level).append(",\"badges\":[");
        for (int i = 0; i < badges.length; i++) {
            payload.append(i > 0 ? ",\"" : "\"").append(badges[i]).append('"');
        }
        payload.append("]}");
        return message(Category.CHAT, PRIORITIES.assign(Category.CHAT, 0, null), userId(), 0, null, 0,
                payload.toString());
    }

    private Message pkScore(long left, long right, long timeLeftMillis) {
        return state(Category.PK, PRIORITIES.assign(Category.PK, 0, null), "pk.score", ++pkScoreVersion,
                "{\"pkId\":\"pk-20261128-8842113-7\",\"leftRoom\":\"r8842113\",\"rightRoom\":\"r5521907\","
                + "\"leftScore\":" + left + ",\"rightScore\":" + right + ",\"timeLeftMs\":" + timeLeftMillis
                + ",\"phase\":\"battle\"}");
    }

    private Message notice(String payload) {
        return message(Category.NOTIFY, PRIORITIES.assign(Category.NOTIFY, 0, null), null, 0, null, 0, payload);
    }

    private Message state(Category category, Priority priority, String key, long version, String payload) {
        return message(category, priority, null, 0, StateKey.of(key), version, payload);
    }

    private Message message(Category category, Priority priority, UserId sender, long giftValue,
                            StateKey stateKey, long version, String payload) {
        // The id format of MessageId.generate, from the seeded random so runs repeat exactly.
        MessageId id = MessageId.of(String.format("%011x%016x", millis & 0xFFF_FFFF_FFFFL, random.nextLong()));
        return new Message(id, Scope.ROOM, ROOM, null, category, priority, sender, giftValue, Payload.json(payload),
                millis, 0, stateKey, version, null, null);
    }

    private String name() {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private UserId userId() {
        return UserId.of("u" + (10_000_000 + random.nextInt(90_000_000)));
    }
}
