package io.roomcast.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.client.PollingClient;
import io.roomcast.client.PollingListener;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.Message;
import io.roomcast.protocol.v1.PollResponse;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java {@link PollingClient} against the real launcher (issue 15): a guest follows the room's
 * slices when the node offers them (the default) and gets every published message once, in order;
 * on a node with slices off ({@code poll.slice.ms=0}) it polls by cursor; a signed-in viewer always
 * polls by cursor.
 */
class PollingClientEndToEndIT {
    private static final String KEY = "e2e-key-0123456789abcdef";
    private static final String SECRET = "e2e-secret-0123456789abcdef-0123456789";

    @TempDir
    Path dataDir;

    private Roomcast node;
    private final List<PollingClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(PollingClient::close);
        if (node != null) {
            node.close();
        }
    }

    private Http start(String... settings) throws Exception {
        String[] args = Stream.concat(Stream.of("--store=memory", "--data.dir=" + dataDir, "--http.host=127.0.0.1",
                "--http.port=0", "--tcp.host=127.0.0.1", "--tcp.port=0", "--api.keys=" + KEY, "--token.secret=" + SECRET),
                Stream.of(settings)).toArray(String[]::new);
        node = Roomcast.start(Settings.load(args, Map.of()));
        return new Http(node.httpPort());
    }

    /** A started client of room r1 that adds every delivered message's text to {@code texts}. */
    private PollingClient viewer(PollingClient.Builder builder, List<String> texts, List<PollResponse> answers) {
        PollingClient client = builder.listener(new PollingListener() {
            @Override
            public void onPoll(PollResponse response) {
                answers.add(response);
                for (Message m : response.getMessagesList()) {
                    texts.add(m.getPayload().toStringUtf8());
                }
            }
        }).build();
        clients.add(client);
        return client.start();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    /** Publishes three rounds of five chat lines to r1, each round once the guest has the last; answers them in order. */
    private static List<String> publishRounds(Http http, List<String> texts) {
        List<String> published = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                String text = "{\"text\":\"r" + round + " m" + i + "\"}";
                published.add(text);
                batch.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"r1\",\"category\":\"CHAT\",\"payload\":")
                        .append(text).append('}');
            }
            assertThat(http.post("/api/v1/messages", KEY, batch.append(']').toString()).status()).isEqualTo(202);
            int expected = published.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> texts.size() >= expected);
        }
        return published;
    }

    @Test
    void givenANodeWithSlices_aGuest_getsEveryPublishedMessageOnceInOrder_throughSlices() throws Exception {
        Http http = start();
        List<String> texts = new CopyOnWriteArrayList<>();
        List<PollResponse> answers = new CopyOnWriteArrayList<>();
        PollingClient guest = viewer(PollingClient.builder(base(), "r1"), texts, answers);
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers.isEmpty());
        assertThat(guest.pollsSlices()).isTrue();
        long first = guest.nextSlice();

        List<String> published = publishRounds(http, texts);

        assertThat(texts).as("every message once, in order").containsExactlyElementsOf(published);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.getReset()).isFalse();
            assertThat(a.getCursor()).isEmpty();
            assertThat(a.getSkipped().getPriority() + a.getSkipped().getAge()).isZero();
        });
        assertThat(guest.nextSlice()).isGreaterThan(first);
        assertThat(guest.cursor()).isNull();
    }

    @Test
    void givenANodeWithSlices_aSignedInViewer_pollsByCursor() throws Exception {
        start();
        String token = new JwtUserTokens(SECRET, Clock.system()).issue(UserId.of("ann"), Duration.ofMinutes(5),
                System.currentTimeMillis());
        List<PollResponse> answers = new CopyOnWriteArrayList<>();
        PollingClient viewer = viewer(PollingClient.builder(base(), "r1").token(token), new CopyOnWriteArrayList<>(), answers);
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers.isEmpty());
        assertThat(viewer.pollsSlices()).isFalse();
        assertThat(viewer.cursor()).isNotEmpty();
    }

    @Test
    void givenANodeWithSlicesOff_aGuest_pollsByCursor_andGetsEveryMessageOnceInOrder() throws Exception {
        Http http = start("--poll.slice.ms=0");
        assertThat(http.get("/api/v1/rooms/r1/slices", null).status()).isEqualTo(404);
        List<String> texts = new CopyOnWriteArrayList<>();
        List<PollResponse> answers = new CopyOnWriteArrayList<>();
        PollingClient guest = viewer(PollingClient.builder(base(), "r1"), texts, answers);
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers.isEmpty());
        assertThat(guest.pollsSlices()).isFalse();
        assertThat(guest.cursor()).isNotEmpty();

        List<String> published = publishRounds(http, texts);

        assertThat(texts).containsExactlyElementsOf(published);
    }
}
