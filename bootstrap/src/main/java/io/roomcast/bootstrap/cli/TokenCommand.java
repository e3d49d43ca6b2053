package io.roomcast.bootstrap.cli;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.bootstrap.config.ConfigException;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Secrets;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code roomcast token --user=U [--ttl=1h]}: a user token signed with this node's token secret, for trials and tests. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints a user token (an HS256 JWT, sub = the user) signed with token.secret, or with the",
            "secret generated into data.dir (made now if there is none yet). Business servers sign their own;",
            "this is for trials and tests."},
        footer = {"", "Example: curl -H \"Authorization: Bearer $(roomcast token --user=alice)\" \\",
            "  'localhost:8080/api/v1/endpoint?roomId=r1'"})
final class TokenCommand implements Callable<Integer> {
    static final Duration LONGEST = Duration.ofDays(365);
    private final Map<String, String> env;
    @Mixin
    private SettingsArgs settings;
    @Option(names = "--user", required = true, paramLabel = "USER",
            description = "the user id: 1-64 characters of A-Z a-z 0-9 _ . -")
    private String user;
    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "TTL",
            description = "how long the token is valid: 90s, 30m, 1h, 7d (default ${DEFAULT-VALUE}; at most 365d)")
    private String ttl;
    @Spec
    private CommandSpec spec;

    TokenCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Duration validFor = parseTtl(ttl);
        UserId id;
        try {
            id = UserId.of(user);
        } catch (RoomcastException e) {
            throw new ConfigException("--user: " + e.getMessage());
        }
        Settings loaded = Commands.load(settings, env);
        // Only the token secret: a token command must not generate an API key into the data directory.
        Settings s = Secrets.ensureTokenSecret(loaded, Path.of(loaded.text(Setting.DATA_DIR)));
        String token = new JwtUserTokens(RoomcastConfig.tokenSecret(s), Clock.system())
                .issue(id, validFor, System.currentTimeMillis());
        spec.commandLine().getOut().println(token);
        return 0;
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT1H}); 1 s to 365 days. */
    static Duration parseTtl(String text) {
        String t = text.trim();
        Duration d;
        try {
            if (t.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
                d = Duration.parse(t);
            } else {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException(t);
                };
            }
        } catch (RuntimeException e) {
            throw new ConfigException("--ttl: '" + text + "' is not a duration; write 90s, 30m, 1h or 7d");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(LONGEST) > 0) {
            throw new ConfigException("--ttl: " + text + " is out of range; valid: 1s to 365d");
        }
        return d;
    }
}
