package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.message.Category;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
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
        assertThat(ChronicleStoreConfig.fromProperties(Map.of())).isEqualTo(d);
    }

    @Test
    void givenEveryKey_fromProperties_mapsEachOne() {
        Map<String, String> properties = Map.of(
                "roomcast.data-dir", "/var/lib/roomcast",
                "roomcast.chronicle.roll-cycle", "ten_minutely",
                "roomcast.chronicle.append-timeout", "750ms",
                "roomcast.chronicle.lock-timeout", "PT3S",
                "roomcast.retention.max-per-stream", "500",
                "roomcast.retention.max-age", "2h",
                "roomcast.retention.max-age.chat", "10m",
                "roomcast.retention.max-age.pk", "1d",
                "roomcast.http.port", "8081");
        Map<Category, Duration> ages = new EnumMap<>(Category.class);
        ages.put(Category.GIFT, Duration.ofHours(2));
        ages.put(Category.CHAT, Duration.ofMinutes(10));
        ages.put(Category.NOTIFY, Duration.ofHours(2));
        ages.put(Category.PK, Duration.ofDays(1));
        assertThat(ChronicleStoreConfig.fromProperties(properties)).isEqualTo(new ChronicleStoreConfig(
                Path.of("/var/lib/roomcast"), RollCycles.TEN_MINUTELY, new Retention(500, ages),
                Duration.ofMillis(750), Duration.ofSeconds(3)));
    }

    @Test
    void givenDurationsInEveryUnit_theyParse() {
        assertThat(ChronicleStoreConfig.duration("k", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ChronicleStoreConfig.duration("k", " 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ChronicleStoreConfig.duration("k", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(ChronicleStoreConfig.duration("k", "pt1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ChronicleStoreConfig.duration("k", "5 weeks")).hasMessageContaining("k:");
        assertThatThrownBy(() -> ChronicleStoreConfig.duration("k", "")).hasMessageContaining("k:");
    }

    @Test
    void givenBadValues_fromProperties_failsNamingTheKeyAndTheValidValues() {
        assertThatThrownBy(() -> ChronicleStoreConfig.fromProperties(Map.of("roomcast.chronicle.roll-cycle", "yearly")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomcast.chronicle.roll-cycle").hasMessageContaining("FAST_HOURLY");
        assertThatThrownBy(() -> ChronicleStoreConfig.fromProperties(Map.of("roomcast.chronicle.rol-cycle", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomcast.chronicle.rol-cycle").hasMessageContaining("roomcast.chronicle.roll-cycle");
        assertThatThrownBy(() -> ChronicleStoreConfig.fromProperties(Map.of("roomcast.retention.max-per-stream", "many")))
                .hasMessageContaining("roomcast.retention.max-per-stream");
        assertThatThrownBy(() -> ChronicleStoreConfig.fromProperties(Map.of("roomcast.retention.max-per-stream", "0")))
                .hasMessageContaining("maxPerStream");
        assertThatThrownBy(() -> ChronicleStoreConfig.fromProperties(Map.of("roomcast.chronicle.append-timeout", "0s")))
                .hasMessageContaining("roomcast.chronicle.append-timeout");
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
