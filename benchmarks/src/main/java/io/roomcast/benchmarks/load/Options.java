package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's command line: {@code --name=value} options and {@code --flag} switches
 * ({@code --flag=false} turns one off). Numbers may carry {@code _} or {@code ,} separators and a
 * {@code k} / {@code m} suffix ({@code --viewers=10k}). Every typed getter records that the option
 * is known, so {@link #rejectUnknown()} can name an option nobody asked for (a typo must not pass
 * silently). Not thread-safe: read it on one thread while setting up.
 */
final class Options {
    private final Map<String, String> given;
    private final Set<String> known = new LinkedHashSet<>();

    private Options(Map<String, String> given) {
        this.given = given;
    }

    /** Parses {@code args}; a malformed argument is an {@link IllegalArgumentException} naming it. */
    static Options parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("argument '" + arg + "': expected --name=value or --flag (see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value = eq < 0 ? "true" : arg.substring(eq + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("argument '" + arg + "': empty option name");
            }
            if (given.containsKey(name)) {
                throw new IllegalArgumentException("option --" + name + " given twice");
            }
            given.put(name, value);
        }
        return new Options(given);
    }

    boolean has(String name) {
        known.add(name);
        return given.containsKey(name);
    }

    String string(String name, String fallback) {
        known.add(name);
        return given.getOrDefault(name, fallback);
    }

    boolean flag(String name, boolean fallback) {
        known.add(name);
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("--" + name + "=" + value + ": expected true or false");
        };
    }

    long longValue(String name, long fallback, long min, long max) {
        known.add(name);
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        long parsed = parseCount(name, value);
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("--" + name + "=" + value + ": must be between " + min + " and " + max);
        }
        return parsed;
    }

    int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    double decimal(String name, double fallback, double min, double max) {
        known.add(name);
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(clean(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + "=" + value + ": not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new IllegalArgumentException("--" + name + "=" + value + ": must be between " + min + " and " + max);
        }
        return parsed;
    }

    /** The value, which must be one of {@code valid} (case-insensitive); returned in lower case. */
    String oneOf(String name, String fallback, String... valid) {
        String value = string(name, fallback).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(valid).contains(value)) {
            throw new IllegalArgumentException("--" + name + "=" + value + ": valid values are " + Arrays.toString(valid));
        }
        return value;
    }

    /** Comma-separated values, trimmed, empty ones dropped. */
    List<String> list(String name, List<String> fallback) {
        known.add(name);
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Options given whose name starts with {@code prefix}, prefix removed (e.g. {@code --server.x=y}). */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                known.add(name);
                out.put(name.substring(prefix.length()), value);
            }
        });
        return out;
    }

    /** Throws when an option was given that no getter asked for. */
    void rejectUnknown() {
        List<String> unknown = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " for this scenario (see --help)");
        }
    }

    static long parseCount(String name, String value) {
        String text = clean(value).toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (text.endsWith("k")) {
            multiplier = 1_000;
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            multiplier = 1_000_000;
            text = text.substring(0, text.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(text), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--" + name + "=" + value + ": not a whole number");
        }
    }

    private static String clean(String value) {
        return value.trim().replace("_", "").replace(",", "");
    }
}
