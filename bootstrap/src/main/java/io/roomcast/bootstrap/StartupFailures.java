package io.roomcast.bootstrap;

import io.roomcast.bootstrap.config.ConfigException;
import io.roomcast.bootstrap.config.RoomcastConfig;
import io.roomcast.bootstrap.config.Setting;
import io.roomcast.bootstrap.config.StoreKind;
import java.net.BindException;
import java.nio.channels.OverlappingFileLockException;
import java.util.Locale;

/**
 * Turns what went wrong while a node started into one line naming the cause and the fix, by the
 * step that failed: opening the store, or listening on a port. Nothing here knows an adapter's
 * classes: the step tells what failed, the cause chain only which of a few known JDK causes it was.
 */
final class StartupFailures {
    static final String DEBUG_HINT = "(--logging.level=debug shows the details)";

    private StartupFailures() {
    }

    /** Opening the store (wiring the node) failed. */
    static RuntimeException store(RoomcastConfig config, RuntimeException e) {
        ConfigException badSetting = find(e, ConfigException.class);
        if (badSetting != null) {
            return badSetting;
        }
        String dataDir = config.dataDir().toAbsolutePath().normalize().toString();
        if (config.store() == StoreKind.REDIS) {
            return new StartupException("cannot use Redis at " + withoutPassword(config.redis().url()) + ": "
                    + rootMessage(e) + ". Fix: start Redis there, point " + flag(Setting.REDIS_URL)
                    + " at a running one, or use --store=chronicle, which needs no Redis " + DEBUG_HINT, e);
        }
        if (config.store() == StoreKind.CHRONICLE && find(e, OverlappingFileLockException.class) != null) {
            return new StartupException("the data directory " + dataDir + " is in use by another roomcast node"
                    + " (its chronicle/roomcast.lock is locked). Fix: stop that node, or give this one a data directory"
                    + " of its own with " + flag(Setting.DATA_DIR), e);
        }
        return new StartupException("cannot open the " + config.store().name().toLowerCase(Locale.ROOT) + " store in "
                + dataDir + ": " + rootMessage(e) + ". Fix: check that the directory is writable by this user, or set "
                + flag(Setting.DATA_DIR) + " " + DEBUG_HINT, e);
    }

    /** Listening for {@code what} on {@code host:port}, given by {@code portSetting}, failed. */
    static RuntimeException listen(String what, Setting portSetting, String host, int port, RuntimeException e) {
        // Netty's epoll transport reports EADDRINUSE as its own IOException, with the OS's text.
        if (find(e, BindException.class) != null || rootMessage(e).contains("Address already in use")) {
            return new StartupException("cannot listen for " + what + " on " + host + ":" + port + ": "
                    + rootMessage(e) + ". Fix: stop the program using port " + port + " (ss -ltnp shows it), or choose"
                    + " another with " + flag(portSetting), e);
        }
        ConfigException config = find(e, ConfigException.class);
        if (config != null) {
            return config;
        }
        return new StartupException("cannot start " + what + " on " + host + ":" + port + ": " + rootMessage(e) + " "
                + DEBUG_HINT, e);
    }

    /** Any other failure while starting: its innermost message. */
    static StartupException other(RuntimeException e) {
        return new StartupException("cannot start: " + rootMessage(e) + " " + DEBUG_HINT, e);
    }

    private static String flag(Setting s) {
        return "--" + s.key() + "= (" + s.envName() + ")";
    }

    /** The innermost message of the chain, on one line. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code redis://user:secret@host} without its password. */
    static String withoutPassword(String url) {
        int at = url.indexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 || scheme < 0 || at < scheme ? url : url.substring(0, scheme + 3) + "***" + url.substring(at);
    }
}
