package io.roomcast.bootstrap.cli;

import io.roomcast.bootstrap.StartupException;
import io.roomcast.bootstrap.config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command line of roomcast: {@code serve} (the default), {@code token}, {@code config} and
 * {@code cert}, each taking roomcast's settings as {@code --key=value} and {@code --help}. A failure
 * is one line on standard error, {@code roomcast: <cause>. Fix: ...}; its stack trace goes to the
 * debug log only. Exit codes: 2 for a bad setting or argument, 1 when a node cannot start.
 */
public final class Cli {
    static final int BAD_SETTING = 2;
    static final int CANNOT_START = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private final CommandLine commandLine;
    private final ServeCommand serve;

    public Cli(Map<String, String> env) {
        this.serve = new ServeCommand(env);
        this.commandLine = new CommandLine(new RoomcastCommand(serve))
                .addSubcommand(serve)
                .addSubcommand(new TokenCommand(env))
                .addSubcommand(new ConfigCommand(env))
                .addSubcommand(new CertCommand(env));
        // Settings are free-form --key=value arguments, checked by Settings with its own messages.
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, cmd.getErr()));
    }

    /** For tests: the picocli command line, whose writers may be replaced. */
    public CommandLine commandLine() {
        return commandLine;
    }

    /** Runs one command; the exit code. */
    public int run(String... args) {
        return commandLine.execute(args);
    }

    /** Whether {@code serve} ran a node (and returned after its shutdown). */
    public boolean served() {
        return serve.served();
    }

    private static int failed(Exception e, PrintWriter err) {
        LOG.debug("roomcast stopped by", e);
        if (e instanceof ConfigException) {
            err.println("roomcast: " + e.getMessage());
            return BAD_SETTING;
        }
        if (e instanceof StartupException) {
            err.println("roomcast: " + e.getMessage());
            return CANNOT_START;
        }
        err.println("roomcast: " + e + " (--logging.level=debug shows the details)");
        return CANNOT_START;
    }
}
