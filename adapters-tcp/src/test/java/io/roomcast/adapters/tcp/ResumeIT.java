package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.application.port.in.PublishResult;
import io.roomcast.client.LongConnectionClient;
import io.roomcast.client.Tls;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Priority;
import io.roomcast.testing.NoLeaks;
import io.roomcast.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client whose socket is killed mid-stream reconnects with its cursor: nothing missing, nothing twice. */
@ExtendWith(NoLeaks.class)
class ResumeIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenASocketKilledMidStream_reconnect_resumesFromTheCursor_missingNothing_repeatingNothing() throws Exception {
        Backend backend = Backend.realTime(30);
        TcpServer server = backend.server(Backend.config());
        Recorder recorder = new Recorder();
        LongConnectionClient client = LongConnectionClient.builder()
                .endpoint("127.0.0.1", server.port())
                .tls(Tls.trust(server.certificate()))
                .token(TestTokens.valid("ann"))
                .room("r1")
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .listener(recorder)
                .build()
                .start();
        try {
            client.firstWelcome().get(10, TimeUnit.SECONDS);
            List<String> published = new ArrayList<>();
            List<String> platform = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                PublishResult r = switch (i % 10) {
                    case 3 -> backend.publishToUser("ann", "{\"dm\":" + i + "}");
                    case 7 -> backend.broadcast("{\"all\":" + i + "}");
                    default -> backend.publish("r1", Category.GIFT, Priority.HIGH, "{\"i\":" + i + "}");
                };
                published.add(r.id().value());
                if (i % 10 == 3 || i % 10 == 7) {
                    platform.add(r.id().value());
                }
                if (i % 100 == 50) {
                    await("reconnected").atMost(Duration.ofSeconds(10)).until(client::isConnected);
                    client.dropConnection();
                }
                if (i % 10 == 9) {
                    // Messages flow while the connection is cut: each drop above leaves some in flight.
                    await("delivered so far").atMost(Duration.ofSeconds(30)).until(() -> recorder.hasAll(published));
                }
            }
            backend.publishToUser("bob", "{\"not\":\"for ann\"}");

            await("every message").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(recorder.hasAll(published))
                            .as(() -> "seen " + recorder.seen().size() + " of " + published.size()).isTrue());
            assertThat(recorder.welcomes.get()).as("reconnected after each kill").isEqualTo(4);
            assertThat(recorder.disconnects.get()).isGreaterThanOrEqualTo(3);
            assertThat(recorder.seen().values()).as("nothing twice").allMatch(n -> n == 1);
            List<String> received = recorder.entryIdsInOrder();
            assertThat(received).as("each once").containsExactlyInAnyOrderElementsOf(published);
            assertThat(received.stream().filter(platform::contains).toList()).as("the platform's messages in publish order")
                    .containsExactlyElementsOf(platform);
            assertThat(received.stream().filter(id -> !platform.contains(id)).toList()).as("the room's in publish order")
                    .containsExactlyElementsOf(published.stream().filter(id -> !platform.contains(id)).toList());
            assertThat(recorder.skipped()).isZero();
        } finally {
            client.close();
            backend.close();
        }
    }
}
