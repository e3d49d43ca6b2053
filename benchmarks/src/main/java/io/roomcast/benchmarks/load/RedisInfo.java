package io.roomcast.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of a redis-server's {@code INFO stats} and {@code INFO commandstats}: the fields
 * ({@code total_net_input_bytes}, ...) and, per command, its calls and microseconds. Read over a
 * socket of its own ({@code INFO} as an inline command; the reply is one bulk string); the readings
 * themselves add an {@code info} call and a few kilobytes of output each, which the report leaves
 * in (they are a few bytes per message at the lowest rate). Immutable.
 */
record RedisInfo(Map<String, String> fields, Map<String, Command> commands) {

    /** One command's counters ({@code cmdstat_NAME:calls=..,usec=..,...}). */
    record Command(long calls, long usec) {
    }

    /** Reads both sections from the redis-server at {@code 127.0.0.1:port}. */
    static RedisInfo read(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String stats = info(out, in, "stats");
            String commandstats = info(out, in, "commandstats");
            return parse(stats + "\n" + commandstats);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read INFO from redis-server on port " + port, e);
        }
    }

    private static String info(OutputStream out, InputStream in, String section) throws IOException {
        out.write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String header = line(in);
        if (!header.startsWith("$")) {
            throw new IOException("unexpected reply to INFO " + section + ": " + header);
        }
        byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)) + 2);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Parses INFO text: {@code key:value} lines, {@code #} section headers and blank lines skipped. */
    static RedisInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Command> commands = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            if (key.startsWith("cmdstat_")) {
                commands.put(key.substring("cmdstat_".length()), command(value));
            } else {
                fields.put(key, value);
            }
        }
        return new RedisInfo(fields, commands);
    }

    private static Command command(String value) {
        long calls = 0;
        long usec = 0;
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq);
            if (name.equals("calls")) {
                calls = Long.parseLong(part.substring(eq + 1));
            } else if (name.equals("usec")) {
                usec = Long.parseLong(part.substring(eq + 1));
            }
        }
        return new Command(calls, usec);
    }

    /** A numeric field, or 0 when absent or not a number. */
    long number(String field) {
        try {
            return Long.parseLong(fields.getOrDefault(field, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The growth from {@code before} to this reading of every command that ran in between, most calls first. */
    Map<String, Command> commandsSince(RedisInfo before) {
        Map<String, Command> out = new LinkedHashMap<>();
        commands.entrySet().stream()
                .map(e -> {
                    Command b = before.commands.getOrDefault(e.getKey(), new Command(0, 0));
                    return Map.entry(e.getKey(), new Command(e.getValue().calls - b.calls, e.getValue().usec - b.usec));
                })
                .filter(e -> e.getValue().calls > 0)
                .sorted((a, b) -> Long.compare(b.getValue().calls, a.getValue().calls))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
