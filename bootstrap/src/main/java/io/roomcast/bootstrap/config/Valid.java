package io.roomcast.bootstrap.config;

import java.util.List;

/** The values a {@link Setting} takes; {@link #describe()} is what error messages and the README's table say. */
public sealed interface Valid {

    /** How the valid values are written for people. */
    String describe();

    /** A whole number from {@code min} to {@code max}, both included. */
    record Range(long min, long max) implements Valid {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("empty range " + min + " to " + max);
            }
        }

        @Override
        public String describe() {
            return min + " to " + max;
        }
    }

    /** One of a few words, case-insensitive; read in lower case. */
    record OneOf(List<String> values) implements Valid {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public String describe() {
            return String.join(", ", values);
        }
    }

    /** {@code true} or {@code false} (also yes/no, on/off, 1/0). */
    record Bool() implements Valid {
        @Override
        public String describe() {
            return "true or false";
        }
    }

    /** Free text whose form {@code form} describes; checked where it is used. */
    record Text(String form) implements Valid {
        @Override
        public String describe() {
            return form;
        }
    }

    static Valid range(long min, long max) {
        return new Range(min, max);
    }

    static Valid oneOf(List<String> values) {
        return new OneOf(values);
    }

    static Valid bool() {
        return new Bool();
    }

    static Valid text(String form) {
        return new Text(form);
    }
}
