package io.roomcast.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * The payload every published message carries, so its publish time travels with it:
 * {@code {"t":"1767225600123456","pad":"xxxx..."}}, JSON text padded to an exact size, where
 * {@code t} is the epoch microsecond at which the publish request was sent, written as a string so
 * it survives any JSON number handling unchanged. {@link #publishedAt} finds it again in the bytes
 * a viewer receives, without a JSON parser.
 *
 * <p>The clock is this process's: an epoch reading taken once, advanced by {@link System#nanoTime()},
 * so it is monotonic and cheap, and the sender and the receivers (the same process) share it.
 * Thread-safe and stateless apart from that fixed origin.
 */
final class Payloads {
    private static final long ORIGIN_NANOS = System.nanoTime();
    private static final long ORIGIN_MICROS;
    private static final byte[] KEY = {'"', 't', '"', ':', '"'};
    /** {@code {"t":"","pad":""}} around the digits and the padding. */
    private static final int FRAME_CHARS = 17;

    static {
        Instant now = Instant.now();
        ORIGIN_MICROS = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private Payloads() {
    }

    /** Epoch microseconds on this process's monotonic clock. */
    static long nowMicros() {
        return ORIGIN_MICROS + (System.nanoTime() - ORIGIN_NANOS) / 1_000;
    }

    /** The payload JSON for a message published at {@code micros}, {@code bytes} long (longer if that is too short to hold the time). */
    static String json(long micros, int bytes) {
        String digits = Long.toString(micros);
        int pad = Math.max(0, bytes - FRAME_CHARS - digits.length());
        StringBuilder out = new StringBuilder(FRAME_CHARS + digits.length() + pad);
        out.append("{\"t\":\"").append(digits).append("\",\"pad\":\"");
        for (int i = 0; i < pad; i++) {
            out.append('x');
        }
        return out.append("\"}").toString();
    }

    /** The publish time in a payload's bytes ({@code buf[from, from + length)}), or -1 when it has none. */
    static long publishedAt(ByteBuf buf, int from, int length) {
        int end = from + length;
        int limit = end - KEY.length;
        outer:
        for (int i = from; i <= limit; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (buf.getByte(i + k) != KEY[k]) {
                    continue outer;
                }
            }
            long value = 0;
            int digits = 0;
            for (int j = i + KEY.length; j < end; j++) {
                byte b = buf.getByte(j);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                digits++;
            }
            return digits == 0 || digits > 18 ? -1 : value;
        }
        return -1;
    }
}
