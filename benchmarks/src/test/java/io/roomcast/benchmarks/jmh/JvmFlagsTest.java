package io.roomcast.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

class JvmFlagsTest {

    @Test
    void givenParentPom_chronicleFlags_areTheJvmFlagsListWithAnalyticsOff() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher property = Pattern.compile("<chronicle\\.jvm\\.flags>([^<]*)</chronicle\\.jvm\\.flags>").matcher(pom);
        assertThat(property.find()).as("chronicle.jvm.flags in the parent pom").isTrue();

        List<String> expected = new ArrayList<>(Arrays.asList(property.group(1).trim().split("\\s+")));
        expected.add(JvmFlags.CHRONICLE_ANALYTICS_OFF);
        assertThat(JvmFlags.CHRONICLE).containsExactlyElementsOf(expected);
    }

    @Test
    void givenEveryGeneratedBenchmark_fork_appendsExactlyTheJvmFlags() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream in = getClass().getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertThat(in).as("JMH's benchmark list on the class path").isNotNull();
            entries = BenchmarkList.readBenchmarkList(in);
        }
        assertThat(entries).isNotEmpty();
        for (BenchmarkListEntry entry : entries) {
            assertThat(entry.getJvmArgsAppend().hasValue()).as(entry.getUsername()).isTrue();
            assertThat(entry.getJvmArgsAppend().get()).as(entry.getUsername()).containsExactlyElementsOf(JvmFlags.CHRONICLE);
        }
    }
}
