package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Secrets;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.bootstrap.config.TlsFiles;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roomcast config}: every setting with its value in force, where it came from, meaning, default and range. */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints every setting: the value in force and where it came from (flag, environment, file,",
            "default), its meaning, default and valid values; then checks them all as a start would",
            "(exit 2 naming the first bad one). Secrets are not printed. Generates nothing."},
        footer = {"", "Example: roomcast config --example > roomcast.properties"})
final class ConfigCommand implements Callable<Integer> {
    private static final Set<Setting> SECRETS = Set.of(Setting.API_KEYS, Setting.TOKEN_SECRET);
    /** Stands in for a secret that the first start would generate, so the other settings can be checked. */
    private static final String PLACEHOLDER = "generated-on-first-start-0123456789abcdef";
    private final Map<String, String> env;
    @Mixin
    private SettingsArgs settings;
    @Option(names = "--example", description = "write an example properties file instead: every setting, commented out at its default")
    private boolean example;
    @Spec
    private CommandSpec spec;

    ConfigCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (example) {
            out.print(example());
            out.flush();
            return 0;
        }
        Settings s = Commands.load(settings, env);
        for (Setting setting : Setting.values()) {
            out.println(setting.key() + " = " + shown(s, setting) + "   (" + s.source(setting) + ")");
            out.println("    " + setting.description());
            out.println("    default: " + (setting.defaultValue().isEmpty() ? "(empty)" : setting.defaultValue())
                    + "; valid: " + setting.valid().describe() + "; environment: " + setting.envName());
        }
        out.flush();
        Settings checked = s;
        for (Setting secret : SECRETS) {
            if (s.text(secret).isEmpty()) {
                checked = checked.with(secret, PLACEHOLDER);
            }
        }
        RoomcastConfig.from(checked);
        TlsFiles.checkConfigured(s);
        out.println("All settings are valid.");
        return 0;
    }

    private static String shown(Settings s, Setting setting) {
        if (SECRETS.contains(setting)) {
            String file = setting == Setting.API_KEYS ? Secrets.API_KEY_FILE : Secrets.TOKEN_SECRET_FILE;
            return s.text(setting).isEmpty() ? "(empty: read from or generated into " + s.text(Setting.DATA_DIR) + "/" + file + ")"
                    : "(set, not shown)";
        }
        return s.get(setting).isEmpty() ? "(empty)" : s.get(setting);
    }

    /** A properties file naming every setting with its meaning and valid values, each commented out at its default. */
    static String example() {
        StringBuilder b = new StringBuilder()
                .append("# roomcast settings, written by 'roomcast config --example'.\n")
                .append("# Every setting is commented out at its default: uncomment and change what you need.\n")
                .append("# Use with --config=roomcast.properties or ROOMCAST_CONFIG; flags and ROOMCAST_* environment\n")
                .append("# variables win over this file.\n");
        for (Setting setting : Setting.values()) {
            b.append('\n').append("# ").append(setting.description()).append('\n')
                    .append("# valid: ").append(setting.valid().describe()).append("; environment: ")
                    .append(setting.envName()).append('\n')
                    .append('#').append(setting.key()).append('=').append(setting.defaultValue()).append('\n');
        }
        return b.toString();
    }
}
