package io.roomcast.bootstrap.cli;

/**
 * {@code java -jar roomcast.jar [command] [--setting=value ...]}: with no command, {@code serve}
 * starts a node (SIGTERM or Ctrl-C shuts it down cleanly). Exit codes: 0 done, 1 the node could
 * not start (Redis down, a port taken, the data directory in use), 2 a bad setting or argument.
 * Commands write their output to standard output (picocli's writers); logs and errors go to
 * standard error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before any Chronicle class loads: the server must never try to reach the internet.
        System.setProperty("chronicle.analytics.disable", "true");
        Cli cli = new Cli(System.getenv());
        int status = cli.run(args);
        if (status != 0 || !cli.served()) {
            // A node that served returns once its shutdown hook has run; exiting then would wait forever.
            System.exit(status);
        }
    }
}
