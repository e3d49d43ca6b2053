package io.roomcast.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's settings table is {@link Setting}, and every setting the README or DECISIONS.md names exists. */
class DocumentedSettingsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path DECISIONS = Path.of("..", "DECISIONS.md");
    /** A backticked {@code key} or {@code key=value} whose key starts like one of roomcast's settings. */
    private static final Pattern NAMED = Pattern.compile("`((?:store|data|redis|cluster|http|tcp|heartbeat|api|token|room|block"
            + "|render|poll|retention|shutdown|age|logging|memory)\\.[a-z.-]+)(?:=[^`]*)?`");

    /** One row of the README's table, as {@link Setting} says it. */
    static String row(Setting s) {
        String defaultValue = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
        return "| `" + s.key() + "` | `" + s.envName() + "` | " + defaultValue + " | " + s.valid().describe() + " | "
                + s.description() + " |";
    }

    @Test
    void readmeSettingsTable_isExactlyEverySetting() throws IOException {
        List<String> table = Files.readAllLines(README).stream().filter(line -> line.startsWith("| `")
                && line.contains("| `ROOMCAST_")).toList();
        List<String> expected = Arrays.stream(Setting.values()).map(DocumentedSettingsTest::row).toList();
        assertThat(table).as("README's settings table; expected:\n" + String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void everySettingTheReadmeOrDecisionsName_isSettable() throws IOException {
        Set<String> named = new TreeSet<>();
        for (Path doc : List.of(README, DECISIONS)) {
            Matcher m = NAMED.matcher(Files.readString(doc));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).as("settings named in README.md and DECISIONS.md").isNotEmpty()
                .isSubsetOf(Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet()));
    }
}
