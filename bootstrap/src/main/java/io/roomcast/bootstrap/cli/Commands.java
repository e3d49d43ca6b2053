package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.Settings;
import java.util.Map;

/** What every command does first: read its settings and set up logging by them. */
final class Commands {
    private Commands() {
    }

    /** The settings of {@code args} over {@code env}, with logging set up as they say. */
    static Settings load(SettingsArgs args, Map<String, String> env) {
        Settings settings = args.load(env);
        Logs.apply(settings);
        return settings;
    }
}
