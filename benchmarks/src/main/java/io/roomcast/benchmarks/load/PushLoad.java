package io.roomcast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic of a push run, read from the command line the same way for every push scenario (the
 * roomcast ones and the Redis baseline), so "the same traffic" is one set of options: the publish
 * rates to hold in turn ({@code --sweep=}, or the one rate), the phases' lengths, the payload size,
 * which connections decode latencies, the connect rate of the ramp and the publisher's pace.
 *
 * @param rates        messages/s per room, one step each, in order
 * @param warmup       seconds of each step published but not counted
 * @param duration     seconds of each step's measure window
 * @param drain        longest wait, seconds, for the last deliveries after a step's publishing stops
 * @param payloadBytes size of each message's payload ({@link Payloads})
 * @param latencyEvery every how many connections one decodes latencies
 * @param connectRate  new connections per second in the ramp
 * @param tickMillis   the publisher sends what the rate owes every this many ms
 * @param maxBatch     at most this many messages per request (per pipelined batch)
 * @param maxInFlight  at most this many requests (batches) unanswered; what the rate owes beyond is not sent
 */
record PushLoad(List<Double> rates, int warmup, int duration, int drain, int payloadBytes, int latencyEvery,
                double connectRate, long tickMillis, int maxBatch, int maxInFlight) {

    PushLoad {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("a push run needs at least one publish rate");
        }
        rates = List.copyOf(rates);
    }

    /** Reads the options; {@code rateOption} names the one rate ({@code rate}, {@code rate-per-room}). */
    static PushLoad read(Options options, String rateOption, double defaultRate, int defaultLatencyEvery, boolean tls) {
        double rate = options.decimal(rateOption, defaultRate, 0.01, 10_000_000);
        List<Double> sweep = new ArrayList<>();
        for (String r : options.list("sweep", List.of())) {
            try {
                double step = Double.parseDouble(r.replace("_", ""));
                if (!(step > 0)) {
                    throw new NumberFormatException();
                }
                sweep.add(step);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--sweep: '" + r + "' is not a positive rate (messages/s per room)");
            }
        }
        return new PushLoad(sweep.isEmpty() ? List.of(rate) : sweep,
                options.integer("warmup", 5, 0, 3_600),
                options.integer("duration", 20, 1, 3_600),
                options.integer("drain", 30, 1, 600),
                options.integer("payload-bytes", 100, 40, 8_000),
                options.integer("latency-every", defaultLatencyEvery, 1, 1_000_000),
                options.decimal("connect-rate", tls ? 1_000 : 2_000, 1, 1_000_000),
                options.longValue("tick-ms", 50, 1, 10_000),
                options.integer("max-batch", 500, 1, 10_000),
                options.integer("max-in-flight", 64, 1, 10_000));
    }

    double maxRate() {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    boolean isSweep() {
        return rates.size() > 1;
    }

    /** The rates, comma-separated, as a report gives them. */
    String rateList() {
        StringBuilder out = new StringBuilder();
        for (double r : rates) {
            out.append(out.length() == 0 ? "" : ", ").append(Fmt.rate(r));
        }
        return out.toString();
    }
}
