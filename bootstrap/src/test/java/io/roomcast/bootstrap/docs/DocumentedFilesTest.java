package io.roomcast.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README and DECISIONS.md stand on their own: every link and file they name is in the repository. */
class DocumentedFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> DOCS = List.of("README.md", "DECISIONS.md");
    /** A markdown link's target: {@code [text](target)}. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)]*)?\\)");

    @Test
    void everyRelativeLink_namesAFileOfTheRepository_andNoneLeavesIt() throws IOException {
        for (String doc : DOCS) {
            String text = Files.readString(ROOT.resolve(doc));
            assertThat(text).as(doc + " names nothing outside the repository").doesNotContain("../");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.isEmpty() || target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                assertThat(ROOT.resolve(target)).as(doc + " links " + target).exists();
            }
        }
    }

    @Test
    void readmeAnchors_matchItsHeadings() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("\\]\\(#([a-z0-9-]+)\\)").matcher(readme);
        while (m.find()) {
            String anchor = m.group(1);
            assertThat(readme.lines().filter(l -> l.startsWith("#"))
                    .map(l -> l.replaceAll("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-')))
                    .as("heading for #" + anchor).contains(anchor);
        }
    }

    @Test
    void license_isTheApacheLicense2() throws IOException {
        String license = Files.readString(ROOT.resolve("LICENSE"));
        assertThat(license).contains("Apache License").contains("Version 2.0, January 2004")
                .contains("END OF TERMS AND CONDITIONS");
    }
}
