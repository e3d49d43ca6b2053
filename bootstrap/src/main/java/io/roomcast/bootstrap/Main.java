package io.roomcast.bootstrap;

import io.roomcast.bootstrap.config.ConfigException;
import io.roomcast.bootstrap.config.Settings;
import io.roomcast.domain.error.RoomcastException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar roomcast.jar [--setting=value ...]}: starts a node with Chronicle storage under
 * {@code ./data} and HTTP on 8080 unless told otherwise; SIGTERM (or Ctrl-C) shuts it down cleanly.
 * Exits with 2 on a configuration error, naming the setting and the valid values.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Before any Chronicle class loads: the server must never try to reach the internet.
        System.setProperty("chronicle.analytics.disable", "true");
        Roomcast node;
        try {
            node = Roomcast.start(Settings.load(args, System.getenv()));
        } catch (ConfigException e) {
            LOG.error("Configuration error: {}", e.getMessage());
            exit(2);
            return;
        } catch (RoomcastException e) {
            LOG.error("Cannot start: {} ({})", e.getMessage(), e.code());
            exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } finally {
                stopped.countDown();
            }
        }, "roomcast-shutdown"));
        stopped.await();
    }

    private static void exit(int status) {
        System.exit(status);
    }
}
