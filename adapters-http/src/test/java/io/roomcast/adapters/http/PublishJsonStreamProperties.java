package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.error.RoomcastException;
import io.roomcast.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The one-pass reading of a JSON publish body ({@link PublishJsonStream}) against the tree's
 * (the reference): on every body, the same commands or the same refusal, and the usual form
 * taken in one pass. Bodies: messages put together from fields in their usual forms and in others
 * (a null, {@code 1e2}, a field under both its names, a wrong type, an unknown field), in any order,
 * as one message, an array or {@code {"messages":[...]}}; plus the fuzz corpus, mutated.
 */
class PublishJsonStreamProperties {
    private static final PublishRequests REQUESTS = new PublishRequests(4_096);
    private static final PublishCommands COMMANDS = new PublishCommands(4_096);
    private static final List<byte[]> CORPUS = FuzzInputs.corpus("publish-json");

    /** Each field's usual forms (at most one of each in a message): the one pass must take a message made of these. */
    private static final List<List<String>> USUAL = List.of(
            List.of("\"roomId\":\"r1\"", "\"room_id\":\"r-2.x\""),
            List.of("\"senderId\":\"fan\u00e9\"", "\"sender_id\":\"s\""),
            List.of("\"giftValue\":500", "\"gift_value\":\"12\"", "\"giftValue\":-3", "\"giftValue\":0"),
            List.of("\"priority\":\"HIGH\"", "\"priority\":\"low\""),
            List.of("\"stateKey\":\"pk.score\""),
            List.of("\"version\":7", "\"version\":\"9\""),
            List.of("\"idempotencyKey\":\"k-1\"", "\"idempotency_key\":\"k/2\""),
            List.of("\"payload\":{\"gift\":\"rose\",\"n\":3.50,\"deep\":[1,{\"a\":null},true,\"\\u2028\"]}",
                    "\"payload\":\"plain\"", "\"payload\":7e1", "\"payload\":null", "\"payload\":{\"a\":1,\"a\":2}",
                    "\"payload\" : { \"a\" : [ 1 , -0.5E+3 ] ,\"b\":{}}", "\"payload\":{\"x\":{\"a\":1,\"b\":{\"a\":2}},\"a\":[]}",
                    "\"payload\":{\"s\":\"a\\/b\\n\\\"c\"}", "\"payload\":{\"\u00e9t\u00e9\":\"\u2028\"}", "\"payload\":[]"),
            List.of("\"binaryPayload\":\"+/8BAg==\"", "\"binary_payload\":\"\""),
            List.of("\"userId\":\"u9\""));

    /** Other forms and wrong values: the one pass may leave them to the tree, and both must agree. */
    private static final List<String> OTHER = List.of(
            "\"giftValue\":1e2", "\"giftValue\":12.0", "\"giftValue\":null", "\"giftValue\":true", "\"giftValue\":1.5",
            "\"roomId\":5", "\"roomId\":null", "\"roomId\":\"\"", "\"roomId\":\"bad room\"", "\"priority\":\"\"",
            "\"priority\":\"URGENT\"", "\"binaryPayload\":\"-_8BAg==\"", "\"binaryPayload\":\"+/8BAg\"",
            "\"binaryPayload\":\"not base64!\"", "\"colour\":1", "\"messages\":[]", "\"version\":99999999999999999999",
            "\"scope\":\"user\"", "\"category\":\"NOPE\"", "\"room_id\":\"r3\"", "\"payload\":\"again\"",
            "\"senderId\":\"fan\\u00e9\"", "\"stateKey\":\"k\\\"2\"", "\"payload\":\"\\u2028\"", "\"payload\":012",
            "\"payload\":{\"a\":tru}", "\"payload\":[1,]", "\"payload\":{\"a\\u0041\":1,\"aA\":2}", "\"giftValue\":012",
            "\"giftValue\":\"012\"", "\"giftValue\":-0", "\"payload\":\"\t\"");

    private static final List<String> SCOPES = List.of("\"scope\":\"room\"", "\"scope\":\"broadcast\"");
    private static final List<String> CATEGORIES = List.of("\"category\":\"GIFT\"", "\"category\":\"CHAT\"",
            "\"category\":\"PK\"", "\"category\":\"NOTIFY\"");

    /** A message of usual fields only, in any order. */
    @Provide
    Arbitrary<String> usualMessages() {
        return message(Arbitraries.just(List.of()));
    }

    /** A message of usual fields and, now and then, one of another form. */
    @Provide
    Arbitrary<String> messages() {
        return message(Arbitraries.of(OTHER).list().ofMaxSize(1));
    }

    private static Arbitrary<String> message(Arbitrary<List<String>> others) {
        Arbitrary<List<String>> usual = Combinators.combine(USUAL.stream().map(forms -> Arbitraries.of(forms).injectNull(0.5))
                .toList()).as(fields -> fields.stream().filter(Objects::nonNull).toList());
        return Combinators.combine(Arbitraries.of(SCOPES), Arbitraries.of(CATEGORIES), usual, others, Arbitraries.longs())
                .as((scope, category, fields, odd, seed) -> {
                    List<String> all = new ArrayList<>(fields);
                    all.add(scope);
                    all.add(category);
                    all.addAll(odd);
                    Collections.shuffle(all, new Random(seed));
                    return "{" + String.join(",", all) + "}";
                });
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<List<String>> batch = messages().list().ofMinSize(1).ofMaxSize(4);
        return Arbitraries.oneOf(
                messages(),
                batch.map(items -> "[" + String.join(",", items) + "]"),
                batch.map(items -> "{\"messages\":[" + String.join(",", items) + "]}"),
                batch.map(items -> " [\n" + String.join(" , ", items) + "] "));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> corpus = Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.longs()).as(FuzzInputs::mutate);
        Arbitrary<byte[]> built = Combinators.combine(bodies(), Arbitraries.longs())
                .as((body, seed) -> FuzzInputs.mutate(body.getBytes(StandardCharsets.UTF_8), seed));
        return Arbitraries.frequencyOf(Tuple.of(1, corpus), Tuple.of(1, built));
    }

    @Property
    void builtBodies_onePassAndTree_agree(@ForAll("bodies") String body) {
        agree(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void mutatedBodies_onePassAndTree_agree(@ForAll("mutated") byte[] body) {
        agree(body);
    }

    @Property
    void usualMessages_thatTheTreeAccepts_takeTheOnePass(@ForAll("usualMessages") String message) {
        PublishRequests.Parsed tree;
        try {
            tree = REQUESTS.fromTree(StrictJson.read(message.getBytes(StandardCharsets.UTF_8)));
        } catch (RoomcastException refused) {
            return; // e.g. a room message with a userId, or a stateKey without a version
        }
        assertThat(PublishJsonStream.read(message, COMMANDS)).as(message).isEqualTo(tree);
    }

    private static void agree(byte[] body) {
        Object onePass = outcome(() -> REQUESTS.fromJson(body));
        Object tree = outcome(() -> REQUESTS.fromTree(StrictJson.read(body)));
        assertThat(onePass).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(tree);
    }

    /** The commands, or the refusal's code and message. */
    private static Object outcome(Supplier<PublishRequests.Parsed> parse) {
        try {
            return parse.get();
        } catch (RoomcastException e) {
            return e.code() + " " + e.getMessage();
        }
    }
}
