package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.Settings;
import java.util.Map;

/** What every command does first: read its settings. */
final class Commands {
    private Commands() {
    }

    /** The settings of {@code args} over {@code env}. */
    static Settings load(SettingsArgs args, Map<String, String> env) {
        return args.load(env);
    }
}
