package io.roomcast.bootstrap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.util.Map;

/** One in-process run of the real command line, with what it wrote to standard output and error. */
record Run(int exitCode, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        Cli cli = new Cli(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.commandLine().setOut(new PrintWriter(out, true));
        cli.commandLine().setErr(new PrintWriter(err, true));
        int code = cli.run(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A port free at the time of asking. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Run of(String... args) {
        return of(Map.of(), args);
    }
}
