package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioServerTest {
    private final List<String> notes = new ArrayList<>();

    private static Machine withOpenFilesLimit(long limit) {
        return new Machine(2, "test cpu", 1L << 30, "6.1", "21", List.of(), limit, "32768 60999");
    }

    @Test
    void givenRoomUnderTheGeneratorsLimit_capConnections_runsWhatWasAskedWithoutANote() {
        int ran = ScenarioServer.capConnections(withOpenFilesLimit(1_000), null, notes, "viewers", 500, 100, 0);

        assertThat(ran).isEqualTo(500);
        assertThat(notes).isEmpty();
    }

    @Test
    void givenMoreThanTheGeneratorsLimit_capConnections_scalesDownAndSaysWhy() {
        int ran = ScenarioServer.capConnections(withOpenFilesLimit(1_000), null, notes, "viewers", 5_000, 100, 0);

        assertThat(ran).isEqualTo(500);
        assertThat(notes).containsExactly("SCALED DOWN: viewers asked 5,000, ran 500: the open-files limit (RLIMIT_NOFILE)"
                + " is 1,000 for the generator, one file per socket, minus 400 for each JVM's own files. Raise the hard"
                + " limit (needs CAP_SYS_RESOURCE or limits.conf; --server-open-files= runs the server under 'ulimit -n')"
                + " to go further.");
    }

    @Test
    void givenOtherSocketsFillingTheLimit_capConnections_runsNone() {
        int ran = ScenarioServer.capConnections(withOpenFilesLimit(300), null, notes, "pollers", 10, 0, 0);

        assertThat(ran).isZero();
        assertThat(notes).singleElement().asString().startsWith("SCALED DOWN: pollers asked 10, ran 0:");
    }

    @Test
    void givenUnknownGeneratorLimitAndNoServerProcess_capConnections_neverCaps() {
        int ran = ScenarioServer.capConnections(withOpenFilesLimit(-1), null, notes, "viewers", Integer.MAX_VALUE, 0, 0);

        assertThat(ran).isEqualTo(Integer.MAX_VALUE);
        assertThat(notes).isEmpty();
    }
}
