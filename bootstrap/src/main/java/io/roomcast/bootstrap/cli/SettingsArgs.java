package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Parameters;

/** A command's roomcast settings: every {@code --key=value} picocli does not know, read by {@link Settings}. */
final class SettingsArgs {
    @Parameters(paramLabel = "--setting=value", arity = "0..*",
            description = {"Any roomcast setting, e.g. --http.port=8081, --store=redis, --config=roomcast.properties.",
                "Also ROOMCAST_* environment variables; 'roomcast config' lists every setting with its meaning."})
    private List<String> values = new ArrayList<>();

    List<String> values() {
        return values;
    }

    Settings load(Map<String, String> env) {
        return Settings.load(values.toArray(String[]::new), env);
    }
}
