package io.roomcast.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Inputs for the fuzz properties ({@code *FuzzProperties}): a committed corpus of seeds per target
 * and a mutator that turns a seed into a damaged variant (bit flips, boundary bytes, cut, repeated
 * or inserted runs). The property framework picks the seed and the mutation's random seed, so a
 * failure is replayed and shrunk like any other property.
 *
 * <p>A corpus is the class-path resource {@code /fuzz/<name>.corpus}: one input per line, either
 * {@code hex:<bytes>} or {@code text:<utf-8>} (with {@code \n} for a newline); {@code #} starts a
 * comment. Crashes found become lines there (and a named regression test).
 */
public final class FuzzInputs {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, '"', '{', '}', '-', '\\'};

    private FuzzInputs() {
    }

    /** The seeds of corpus {@code name}. */
    public static List<byte[]> corpus(String name) {
        String resource = "/fuzz/" + name + ".corpus";
        try (InputStream in = FuzzInputs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + resource + " on the class path");
            }
            List<byte[]> seeds = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("hex:")) {
                    seeds.add(HEX.parseHex(line.substring(4).strip()));
                } else if (line.startsWith("text:")) {
                    seeds.add(line.substring(5).replace("\\n", "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    throw new IllegalArgumentException(resource + ": a line starts with hex: or text:, got " + line);
                }
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code seed} damaged by 0 to 4 random edits drawn from {@code random}; the seed itself is not changed. */
    public static byte[] mutate(byte[] seed, long random) {
        Random r = new Random(random);
        byte[] out = seed.clone();
        int edits = r.nextInt(5);
        for (int e = 0; e < edits; e++) {
            out = edit(out, r);
        }
        return out;
    }

    private static byte[] edit(byte[] in, Random r) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt(256)};
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(7)) {
            case 0 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1 -> {
                byte[] out = in.clone();
                out[at] = BOUNDARY[r.nextInt(BOUNDARY.length)];
                return out;
            }
            case 2 -> {
                return Arrays.copyOf(in, at);
            }
            case 3 -> {
                int len = 1 + r.nextInt(Math.min(16, in.length - at));
                byte[] out = new byte[in.length - len];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + len, out, at, in.length - at - len);
                return out;
            }
            case 4 -> {
                int len = 1 + r.nextInt(Math.min(32, in.length - at));
                byte[] out = new byte[in.length + len];
                System.arraycopy(in, 0, out, 0, at + len);
                System.arraycopy(in, at, out, at + len, in.length - at);
                return out;
            }
            case 5 -> {
                byte[] noise = new byte[1 + r.nextInt(8)];
                r.nextBytes(noise);
                byte[] out = new byte[in.length + noise.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(in, at, out, at + noise.length, in.length - at);
                return out;
            }
            default -> {
                byte[] out = in.clone();
                for (int i = 0; i < 4; i++) {
                    out[(at + i) % out.length] = (byte) r.nextInt(256);
                }
                return out;
            }
        }
    }
}
