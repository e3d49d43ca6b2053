package io.roomcast.benchmarks.load;

import java.util.List;

/**
 * The final report of a run, as Markdown: headings, paragraphs, two-column fact tables and data
 * tables, in the order they are added. Not thread-safe.
 */
final class Report {
    private final StringBuilder out = new StringBuilder();

    Report heading(int level, String text) {
        out.append("\n").append("#".repeat(level)).append(' ').append(text).append("\n\n");
        return this;
    }

    Report para(String text) {
        out.append(text).append("\n\n");
        return this;
    }

    Report bullet(String text) {
        out.append("- ").append(text).append('\n');
        return this;
    }

    Report end() {
        out.append('\n');
        return this;
    }

    Report code(String text) {
        out.append("```\n").append(text).append("\n```\n\n");
        return this;
    }

    /** A table of rows of cells; the first row is the header. */
    Report table(List<List<String>> rows) {
        if (rows.isEmpty()) {
            return this;
        }
        row(rows.get(0));
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < rows.get(0).size(); i++) {
            rule.append("---|");
        }
        out.append(rule).append('\n');
        for (List<String> r : rows.subList(1, rows.size())) {
            row(r);
        }
        out.append('\n');
        return this;
    }

    private void row(List<String> cells) {
        out.append('|');
        for (String c : cells) {
            out.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
