package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.config.ConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code roomcast}: with no command, serves (so {@code java -jar roomcast.jar --http.port=8081} starts a node). */
@Command(name = "roomcast", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The message backbone of live rooms: HTTP publish and polling, TLS long connections.",
            "With no command, serves a node with the given settings."},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 done, 1 the node could not start, 2 a bad setting or argument.",
            "'roomcast COMMAND --help' tells more about a command."})
final class RoomcastCommand implements Callable<Integer> {
    private final ServeCommand serve;
    @Mixin
    private SettingsArgs settings;

    RoomcastCommand(ServeCommand serve) {
        this.serve = serve;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!settings.values().isEmpty() && !settings.values().get(0).startsWith("-")) {
            throw new ConfigException("unknown command '" + settings.values().get(0)
                    + "'; commands are serve, token, config and cert, settings are --key=value (roomcast --help)");
        }
        return serve.serve(settings);
    }
}
