package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.LeanMemory;
import io.roomcast.bootstrap.Roomcast;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.Settings;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code roomcast serve}: starts a node and runs it until SIGTERM or Ctrl-C, which drain it cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Starts a node (the default command): HTTP on http.port (8080), long connections on",
            "tcp.port (9443, TLS), messages in data.dir (./data). SIGTERM or Ctrl-C drains and stops it."},
        footer = {"", "The first start generates an API key, a user-token secret and a self-signed TLS",
            "certificate into data.dir unless they are configured.",
            "Exit codes: 1 the node could not start (the message names the cause and the fix), 2 a bad setting."})
final class ServeCommand implements Callable<Integer> {
    private final Map<String, String> env;
    @Mixin
    private SettingsArgs settings;
    private volatile boolean served;

    ServeCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(settings);
    }

    int serve(SettingsArgs args) throws InterruptedException {
        Settings loaded = Commands.load(args, env);
        LeanMemory memory = LeanMemory.start(loaded.integer(Setting.MEMORY_RETURN_SECONDS));
        Roomcast node;
        try {
            node = Roomcast.start(loaded);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        served = true;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                memory.close();
                node.close();
            } finally {
                stopped.countDown();
            }
        }, "roomcast-shutdown"));
        stopped.await();
        return 0;
    }

    boolean served() {
        return served;
    }
}
