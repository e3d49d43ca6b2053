package io.roomcast.adapters.http;

/**
 * What one client may cost the HTTP API. Each rate is a token bucket holding {@link #BURST_SECONDS}
 * seconds of its rate, so a client that polls at {@code pollAfterMs} (about once a second, every
 * 200 ms while catching up) or retries a few times after an error never meets a limit; 0 turns a
 * limit off. Over a limit a request gets 429 with {@code Retry-After}. Validates itself; immutable.
 *
 * @param pollsPerSecondPerAddress polls per second from one remote address, every viewer behind it together
 *                                 (default {@value #DEFAULT_POLLS_PER_ADDRESS}: enough for a few hundred viewers
 *                                 behind one carrier NAT)
 * @param pollsPerSecondPerViewer  polls per second of one viewer: a guest's {@code viewer} parameter or a
 *                                 signed-in user's token (default {@value #DEFAULT_POLLS_PER_VIEWER}; a
 *                                 well-behaved viewer polls about once a second, every 200 ms while catching up)
 * @param authFailuresPerMinute    failed API-key checks per minute from one address before every publish from it
 *                                 gets 429 (default {@value #DEFAULT_AUTH_FAILURES_PER_MINUTE})
 * @param headerTimeoutMs          the longest the request line and headers may take to arrive; a slower
 *                                 request is cut (default {@value #DEFAULT_HEADER_TIMEOUT_MS})
 * @param bodyTimeoutMs            the longest a publish body may take to arrive, however it trickles; a slower
 *                                 one is cut (default {@value #DEFAULT_BODY_TIMEOUT_MS})
 * @param trustForwardedFor        take a client's address from the last entry of {@code X-Forwarded-For} (the one
 *                                 the proxy in front appended), not from the TCP peer; only behind such a proxy
 *                                 (default false: a client could otherwise claim any address)
 */
public record HttpLimits(
        int pollsPerSecondPerAddress,
        int pollsPerSecondPerViewer,
        int authFailuresPerMinute,
        int headerTimeoutMs,
        int bodyTimeoutMs,
        boolean trustForwardedFor) {

    public static final int DEFAULT_POLLS_PER_ADDRESS = 200;
    public static final int DEFAULT_POLLS_PER_VIEWER = 10;
    public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;
    public static final int DEFAULT_HEADER_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_BODY_TIMEOUT_MS = 30_000;
    /** A bucket holds this many seconds of its rate: the burst a client may send at once. */
    public static final int BURST_SECONDS = 2;
    public static final int MAX_RATE = 1_000_000;
    public static final int MAX_TIMEOUT_MS = 600_000;

    public HttpLimits {
        checkRate("pollsPerSecondPerAddress", pollsPerSecondPerAddress);
        checkRate("pollsPerSecondPerViewer", pollsPerSecondPerViewer);
        checkRate("authFailuresPerMinute", authFailuresPerMinute);
        checkTimeout("headerTimeoutMs", headerTimeoutMs);
        checkTimeout("bodyTimeoutMs", bodyTimeoutMs);
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_POLLS_PER_ADDRESS, DEFAULT_POLLS_PER_VIEWER, DEFAULT_AUTH_FAILURES_PER_MINUTE,
                DEFAULT_HEADER_TIMEOUT_MS, DEFAULT_BODY_TIMEOUT_MS, false);
    }

    public HttpLimits withPollsPerSecond(int perAddress, int perViewer) {
        return new HttpLimits(perAddress, perViewer, authFailuresPerMinute, headerTimeoutMs, bodyTimeoutMs,
                trustForwardedFor);
    }

    public HttpLimits withAuthFailuresPerMinute(int perMinute) {
        return new HttpLimits(pollsPerSecondPerAddress, pollsPerSecondPerViewer, perMinute, headerTimeoutMs,
                bodyTimeoutMs, trustForwardedFor);
    }

    public HttpLimits withTimeouts(int newHeaderTimeoutMs, int newBodyTimeoutMs) {
        return new HttpLimits(pollsPerSecondPerAddress, pollsPerSecondPerViewer, authFailuresPerMinute,
                newHeaderTimeoutMs, newBodyTimeoutMs, trustForwardedFor);
    }

    public HttpLimits withTrustForwardedFor(boolean trust) {
        return new HttpLimits(pollsPerSecondPerAddress, pollsPerSecondPerViewer, authFailuresPerMinute,
                headerTimeoutMs, bodyTimeoutMs, trust);
    }

    private static void checkRate(String name, int value) {
        if (value < 0 || value > MAX_RATE) {
            throw new IllegalArgumentException(name + ": must be 0-" + MAX_RATE + " (0: no limit), got " + value);
        }
    }

    private static void checkTimeout(String name, int value) {
        if (value < 100 || value > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException(name + ": must be 100-" + MAX_TIMEOUT_MS + ", got " + value);
        }
    }
}
