package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void givenValuesFlagsAndSuffixes_getters_readThem() {
        Options o = Options.parse("--viewers=10k", "--rate=2_000", "--plain", "--tls=false", "--mix=chat=60,gift=40",
                "--server.block.window.ms=200", "--source-ips=127.0.0.2, 127.0.0.3");
        assertThat(o.integer("viewers", 1, 1, 1_000_000)).isEqualTo(10_000);
        assertThat(o.decimal("rate", 1, 0, 1e9)).isEqualTo(2_000);
        assertThat(o.flag("plain", false)).isTrue();
        assertThat(o.flag("tls", true)).isFalse();
        assertThat(o.string("mix", null)).isEqualTo("chat=60,gift=40");
        assertThat(o.withPrefix("server.")).isEqualTo(Map.of("block.window.ms", "200"));
        assertThat(o.list("source-ips", List.of())).containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(o.integer("duration", 20, 1, 100)).isEqualTo(20);
        o.rejectUnknown();
    }

    @Test
    void givenAnOptionNobodyReads_rejectUnknown_namesIt() {
        Options o = Options.parse("--viewers=10", "--veiwers=20");
        o.integer("viewers", 1, 1, 100);
        assertThatThrownBy(o::rejectUnknown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--veiwers");
    }

    @Test
    void givenBadInput_parseAndGetters_explain() {
        assertThatThrownBy(() -> Options.parse("viewers=10")).hasMessageContaining("expected --name=value");
        assertThatThrownBy(() -> Options.parse("--a=1", "--a=2")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Options.parse("--viewers=ten").integer("viewers", 1, 1, 100)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> Options.parse("--viewers=1000").integer("viewers", 1, 1, 100)).hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> Options.parse("--store=disk").oneOf("store", "memory", "memory", "chronicle"))
                .hasMessageContaining("[memory, chronicle]");
    }
}
