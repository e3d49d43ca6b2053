package io.roomcast.adapters.http;

import java.util.Arrays;

/**
 * A strict reader over one JSON text, by position, for {@link PublishJsonStream}: spaces, expected
 * characters, names, plain strings, numbers and whole values skipped as RFC 8259 writes them. It
 * also tells whether what it read since {@link #startCompact} is already compact as Gson would
 * write it: no spaces, no escapes, no U+2028/U+2029, no name twice in one object. Anything that is
 * not JSON, or not read here, throws {@link NotUsual}: the caller then leaves the body to the tree.
 *
 * <p>One instance per text; not thread-safe.
 */
final class JsonText {
    /** A payload object with more names than this counts as not compact rather than being checked for a name given twice. */
    private static final int MAX_NAMES_CHECKED = 32;
    /** Gson's {@code JsonReader} buffer: a number this long or longer is not a number to it, and strict JSON refuses it. */
    private static final int MAX_NUMBER_CHARS = 1024;

    /** What the one pass does not read: thrown through it, caught by its caller. */
    static final class NotUsual extends RuntimeException {
        static final NotUsual INSTANCE = new NotUsual();

        private NotUsual() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private int at;
    private boolean compact;

    JsonText(String text) {
        this.text = text;
    }

    /** From here on, {@link #isCompact} tells whether everything read is compact. */
    void startCompact() {
        compact = true;
    }

    boolean isCompact() {
        return compact;
    }

    /** Where the next character is. */
    int at() {
        return at;
    }

    /** The text between two positions. */
    String slice(int start, int end) {
        return text.substring(start, end);
    }

    /** Reads {@code "name":} (after any spaces) and returns where the name began (its opening quote). */
    int name() {
        skipSpace();
        int start = at;
        skipString();
        skipSpace();
        expect(':');
        return start;
    }

    /** The name whose opening quote is at {@code quote} is {@code name}. */
    boolean isName(int quote, String name) {
        return text.startsWith(name, quote + 1) && text.charAt(quote + 1 + name.length()) == '"';
    }

    /** A string without escapes. */
    String plainString() {
        int start = at + 1;
        startCompact();
        skipString();
        if (!compact) {
            throw NotUsual.INSTANCE;
        }
        return text.substring(start, at - 1);
    }

    /** A JSON number's text. */
    String number() {
        int start = at;
        skipNumber();
        return text.substring(start, at);
    }

    /** Skips one JSON value, strictly; clears {@link #compact} at a space, an escape or a name given twice in an object. */
    void skipValue() {
        switch (skipSpace()) {
            case '{' -> skipObject();
            case '[' -> {
                at++;
                if (!nextIs(']')) {
                    do {
                        skipValue();
                    } while (nextIs(','));
                    expect(']');
                }
            }
            case '"' -> skipString();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> skipNumber();
        }
    }

    private void skipObject() {
        at++;
        if (nextIs('}')) {
            return;
        }
        int[] names = new int[4];
        int count = 0;
        do {
            int name = name();
            if (count < MAX_NAMES_CHECKED) {
                for (int k = 0; k < count && compact; k++) {
                    if (sameString(names[k], name)) {
                        compact = false;
                    }
                }
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                }
                names[count++] = name;
            } else {
                compact = false;
            }
            skipValue();
        } while (nextIs(','));
        expect('}');
    }

    /** Two escape-free strings, by their opening quotes, are the same text. */
    private boolean sameString(int a, int b) {
        int end = text.indexOf('"', a + 1);
        int length = end - a;
        return text.regionMatches(a, text, b, length + 1);
    }

    /**
     * Skips a string, strictly; clears {@link #compact} at an escape, or at U+2028 or U+2029 (which Gson writes escaped).
     * A raw control character is not JSON: the tree names it.
     */
    private void skipString() {
        expect('"');
        int n = text.length();
        while (at < n) {
            char c = text.charAt(at++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw NotUsual.INSTANCE;
            }
            if (c == '\\' || c == '\u2028' || c == '\u2029') {
                compact = false;
                if (c == '\\') {
                    skipEscape();
                }
            }
        }
        throw NotUsual.INSTANCE;
    }

    private void skipEscape() {
        int c = at < text.length() ? text.charAt(at++) : -1;
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int k = 0; k < 4; k++) {
                    if (Character.digit(peek(), 16) < 0) {
                        throw NotUsual.INSTANCE;
                    }
                    at++;
                }
            }
            default -> throw NotUsual.INSTANCE;
        }
    }

    /**
     * A JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}, shorter than
     * {@link #MAX_NUMBER_CHARS} (Gson's strict reader refuses a longer one: its buffer).
     */
    private void skipNumber() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (peek() == '.') {
            at++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
        if (at - start >= MAX_NUMBER_CHARS) {
            throw NotUsual.INSTANCE;
        }
    }

    private void digits() {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        if (at == start) {
            throw NotUsual.INSTANCE;
        }
    }

    private void word(String word) {
        if (!text.startsWith(word, at)) {
            throw NotUsual.INSTANCE;
        }
        at += word.length();
    }

    /** After optional spaces: the next character is {@code c} (consumed), or not (left). */
    boolean nextIs(char c) {
        if (skipSpace() == c) {
            at++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (peek() != c) {
            throw NotUsual.INSTANCE;
        }
        at++;
    }

    private boolean spaceAhead() {
        int c = peek();
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Skips spaces (a payload with any is not compact); returns the next character, or -1 at the end. */
    int skipSpace() {
        while (spaceAhead()) {
            at++;
            compact = false;
        }
        return peek();
    }

    int peek() {
        return at < text.length() ? text.charAt(at) : -1;
    }
}
