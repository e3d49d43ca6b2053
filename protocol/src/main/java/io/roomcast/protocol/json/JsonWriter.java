package io.roomcast.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The low-level layer of {@link JsonMessages}, below {@link JsonMessageParts}: one growable byte
 * buffer and the JSON primitives written into it (punctuation, keys, numbers, strings escaped as
 * JSON requires and no more, base64), with no knowledge of roomcast's message shapes.
 *
 * <p>A base class rather than a field of {@code JsonMessages} on purpose: the buffer and its
 * length stay fields of the one writer object, so the hot path pays no extra load or allocation
 * per call compared with a single class. Nothing here is public; the instance methods are final.
 *
 * <p>Not thread-safe, as {@link JsonMessages}.
 */
abstract class JsonWriter {
    static final int DEFAULT_CAPACITY = 4 * 1024;
    private static final int RETAINED_CAPACITY = 1024 * 1024;

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] BASE64 = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    /**
     * Per ASCII character: 0 written as is, 'u' as a six-character backslash-u escape with four
     * lower-case hex digits, or the letter after the backslash of a two-character escape. JsonFormat's
     * choices less Gson's HTML-safe escapes of {@code < > & = '}: JSON does not need them, and an
     * error reading {@code \u0027SONG\u0027} helps nobody.
     */
    private static final byte[] ASCII_ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII_ESCAPES[c] = 'u';
        }
        ASCII_ESCAPES['"'] = '"';
        ASCII_ESCAPES['\\'] = '\\';
        ASCII_ESCAPES['\t'] = 't';
        ASCII_ESCAPES['\b'] = 'b';
        ASCII_ESCAPES['\n'] = 'n';
        ASCII_ESCAPES['\r'] = 'r';
        ASCII_ESCAPES['\f'] = 'f';
    }

    byte[] buf;
    int len;

    JsonWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Empties the buffer; one grown past 1 MiB is let go, so one huge answer does not pin memory. */
    final void clear() {
        if (buf.length > RETAINED_CAPACITY) {
            buf = new byte[DEFAULT_CAPACITY];
        }
        len = 0;
    }

    /** A key inside an object: a comma first unless it is the object's first key. */
    final void field(byte[] key) {
        if (buf[len - 1] != '{') {
            put(',');
        }
        put(key);
    }

    final void number(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                put(ascii(Long.toString(value)));
                return;
            }
            buf[len++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        len = end;
    }

    /** A JSON string: UTF-8, escaped as JsonFormat escapes but for its HTML-safe escapes. */
    final void string(String s) {
        int n = s.length();
        ensure(6L * n + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ASCII_ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape == 'u') {
                    p = unicodeEscape(b, p, c);
                } else {
                    b[p++] = '\\';
                    b[p++] = escape;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                // A lone surrogate has no UTF-8 form; U+2028/9 end lines in JavaScript source.
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** Standard base64 with padding, in quotes: what JsonFormat writes for bytes. */
    final void base64(byte[] data) {
        int n = data.length;
        ensure((n + 2L) / 3 * 4 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        int i = 0;
        for (; i + 2 < n; i += 3) {
            int v = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 0x3F];
            b[p++] = BASE64[(v >>> 6) & 0x3F];
            b[p++] = BASE64[v & 0x3F];
        }
        int rest = n - i;
        if (rest > 0) {
            int v = (data[i] & 0xFF) << 16 | (rest == 2 ? (data[i + 1] & 0xFF) << 8 : 0);
            b[p++] = BASE64[v >>> 18];
            b[p++] = BASE64[(v >>> 12) & 0x3F];
            b[p++] = rest == 2 ? BASE64[(v >>> 6) & 0x3F] : (byte) '=';
            b[p++] = '=';
        }
        b[p++] = '"';
        len = p;
    }

    final void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    final void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    final void ensure(long more) {
        if (buf.length - len < more) {
            long wanted = Math.max(len + more, 2L * buf.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("JSON answer over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
