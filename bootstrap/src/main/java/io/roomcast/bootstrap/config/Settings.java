package io.roomcast.bootstrap.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The settings in force, read from flags, the environment and an optional config file
 * ({@code --config=roomcast.properties} or {@code ROOMCAST_CONFIG}), in that order of precedence,
 * over the defaults of {@link Setting}. Anything unknown or malformed stops start-up with a
 * {@link ConfigException} naming the setting and what is valid.
 */
public final class Settings {
    /** Short flags the README uses: {@code --redis=redis://...} is {@code --redis.url=...}. */
    private static final Map<String, Setting> ALIASES = Map.of(
            "redis", Setting.REDIS_URL,
            "data", Setting.DATA_DIR,
            "http-port", Setting.HTTP_PORT,
            "tcp-port", Setting.TCP_PORT);

    private final Map<Setting, String> values;
    private final Map<Setting, String> sources;

    private Settings(Map<Setting, String> values, Map<Setting, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    public static Settings defaults() {
        return load(new String[0], Map.of());
    }

    /** Reads flags ({@code --key=value}), then environment, then the config file, over the defaults. */
    public static Settings load(String[] args, Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
            sources.put(s, "default");
        }
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        String configFile = env.get("ROOMCAST_CONFIG");
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new ConfigException("argument '" + arg + "': expected --setting=value; settings are " + Setting.keys());
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.equals("config")) {
                configFile = value;
                continue;
            }
            flags.put(resolve(name, "flag --" + name), value);
        }
        if (configFile != null && !configFile.isBlank()) {
            readFile(configPath(configFile), values, sources);
        }
        for (Setting s : Setting.values()) {
            String fromEnv = env.get(s.envName());
            if (fromEnv != null) {
                values.put(s, fromEnv);
                sources.put(s, "environment " + s.envName());
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith("ROOMCAST_") && !name.equals("ROOMCAST_CONFIG")
                    && Arrays.stream(Setting.values()).noneMatch(s -> s.envName().equals(name))) {
                throw new ConfigException("environment variable " + name + " is not a roomcast setting; known: "
                        + Arrays.stream(Setting.values()).map(Setting::envName).toList());
            }
        }
        flags.forEach((s, v) -> {
            values.put(s, v);
            sources.put(s, "flag --" + s.key());
        });
        return new Settings(values, sources);
    }

    private static Setting resolve(String name, String where) {
        Setting alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        Setting s = Setting.byKey(name.toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.'));
        if (s == null) {
            throw new ConfigException(where + " is not a roomcast setting; settings are " + Setting.keys());
        }
        return s;
    }

    private static Path configPath(String configFile) {
        try {
            return Path.of(configFile);
        } catch (InvalidPathException e) {
            throw new ConfigException("config file '" + configFile + "' is not a valid path: " + e.getReason());
        }
    }

    private static void readFile(Path file, Map<Setting, String> values, Map<Setting, String> sources) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // Properties.load: a malformed unicode escape.
            throw new ConfigException("config file " + file + " is not a valid properties file: " + e.getMessage());
        }
        for (String name : props.stringPropertyNames()) {
            Setting s = resolve(name, "'" + name + "' in " + file);
            values.put(s, props.getProperty(name).trim());
            sources.put(s, "file " + file);
        }
    }

    public String get(Setting s) {
        return values.get(s);
    }

    /** Where the value came from: default, file, environment or flag. */
    public String source(Setting s) {
        return sources.get(s);
    }

    public Settings with(Setting s, String value) {
        Map<Setting, String> v = new EnumMap<>(values);
        Map<Setting, String> src = new EnumMap<>(sources);
        v.put(s, value);
        src.put(s, "set by roomcast");
        return new Settings(v, src);
    }

    /** The whole number, within the setting's {@link Valid.Range}. */
    public int integer(Setting s) {
        return Math.toIntExact(longValue(s));
    }

    /** The whole number, within the setting's {@link Valid.Range}. */
    public long longValue(Setting s) {
        Valid.Range range = (Valid.Range) s.valid();
        String text = get(s).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(s, "'" + text + "' is not a whole number");
        }
        if (value < range.min() || value > range.max()) {
            throw invalid(s, value + " is out of range");
        }
        return value;
    }

    public boolean bool(Setting s) {
        return switch (get(s).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(s, "'" + get(s) + "' is not a boolean");
        };
    }

    /** The value, one of the setting's {@link Valid.OneOf} (case-insensitive), in lower case. */
    public String oneOf(Setting s) {
        String text = get(s).trim().toLowerCase(Locale.ROOT);
        if (!((Valid.OneOf) s.valid()).values().contains(text)) {
            throw invalid(s, "'" + get(s) + "' is not valid");
        }
        return text;
    }

    /** The value, trimmed; a control character in it (a NUL in a path, say) makes it invalid. */
    public String text(Setting s) {
        String text = get(s).trim();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw invalid(s, "it contains a control character (code " + (int) text.charAt(i) + ")");
            }
        }
        return text;
    }

    /** The value as a path; one the platform cannot name (unmappable characters) makes it invalid. */
    public Path path(Setting s) {
        String text = text(s);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(s, "'" + text + "' is not a valid path here: " + e.getReason());
        }
    }

    /** Comma-separated, trimmed, empty items dropped. */
    public List<String> list(Setting s) {
        return Arrays.stream(get(s).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * Builds a module's configuration. The module's own checks throw an IllegalArgumentException
     * whose message starts with the field's name ({@code "apiKeys: ..."}); {@code settingOfField}
     * turns it into a ConfigException naming the setting the field came from, so a value a module
     * refuses stops start-up like any other invalid setting.
     */
    public <T> T build(Map<String, Setting> settingOfField, Supplier<T> config) {
        try {
            return config.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, Setting> field : settingOfField.entrySet()) {
                if (message.startsWith(field.getKey() + ":")) {
                    throw invalid(field.getValue(), message.substring(field.getKey().length() + 1).trim());
                }
            }
            throw new ConfigException("invalid configuration: " + message);
        }
    }

    /** A one-line error naming the setting, where its value came from, the problem and what is valid. */
    public ConfigException invalid(Setting s, String problem) {
        return new ConfigException("setting " + s.key() + " (" + source(s) + "): " + problem + "; valid: "
                + s.valid().describe());
    }
}
