package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.port.out.Retention;
import java.nio.file.Path;
import java.time.Duration;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;

class ChronicleStoreConfigTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        ChronicleStoreConfig d = ChronicleStoreConfig.defaults();
        assertThat(d.dataDir()).isEqualTo(Path.of("data"));
        assertThat(d.queueDir()).isEqualTo(Path.of("data", "chronicle"));
        assertThat(d.rollCycle()).isEqualTo(RollCycles.FAST_HOURLY);
        assertThat(d.retention()).isEqualTo(Retention.defaults());
        assertThat(d.appendTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givenNonPositiveTimeouts_theConfigIsRefusedNamingThem() {
        ChronicleStoreConfig d = ChronicleStoreConfig.defaults();
        assertThatThrownBy(() -> new ChronicleStoreConfig(d.dataDir(), d.rollCycle(), d.retention(), Duration.ZERO,
                d.lockTimeout(), d.minFreeBytes())).hasMessageContaining("appendTimeout");
        assertThatThrownBy(() -> new ChronicleStoreConfig(d.dataDir(), d.rollCycle(), d.retention(), d.appendTimeout(),
                Duration.ofMillis(-1), d.minFreeBytes())).hasMessageContaining("lockTimeout");
        assertThatThrownBy(() -> d.withMinFreeBytes(-1)).hasMessageContaining("minFreeBytes");
    }

    @Test
    void givenConfig_withers_changeOneFieldOnly() {
        ChronicleStoreConfig c = ChronicleStoreConfig.in(Path.of("/tmp/x"))
                .withRollCycle(RollCycles.FIVE_MINUTELY)
                .withRetention(Retention.uniform(3, Duration.ofMinutes(1)));
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.rollCycle()).isEqualTo(RollCycles.FIVE_MINUTELY);
        assertThat(c.retention().maxPerStream()).isEqualTo(3);
        assertThat(c.appendTimeout()).isEqualTo(ChronicleStoreConfig.defaults().appendTimeout());
    }

    @Test
    void loadingTheConfig_turnsChronicleAnalyticsOff() {
        ChronicleStoreConfig.defaults();
        assertThat(System.getProperty("chronicle.analytics.disable")).isEqualTo("true");
    }
}
