package io.roomcast.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem for disk-full tests: a tmpfs of the given size mounted on a new temporary
 * directory. Mounting needs root with CAP_SYS_ADMIN (as the build's machines have); elsewhere
 * {@link #mountOrSkip} skips the test and says why. Closing unmounts it (lazily). Not thread-safe.
 */
public final class SmallDisk implements AutoCloseable {
    private static final long MIB = 1024 * 1024;
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** A tmpfs of {@code mib} MiB, or the test skipped (JUnit assumption) where mounting is not allowed. */
    public static SmallDisk mountOrSkip(int mib) throws Exception {
        Path dir = Files.createTempDirectory("roomcast-small-disk");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString()) == 0,
                "mounting a tmpfs needs root with CAP_SYS_ADMIN");
        return new SmallDisk(dir);
    }

    /** Where it is mounted. */
    public Path dir() {
        return dir;
    }

    /** Another file ({@code filler}) takes all but about {@code leaveBytes} of the disk; delete it to free the space. */
    public Path fill(long leaveBytes) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] chunk = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (Files.getFileStore(dir).getUsableSpace() > leaveBytes + MIB) {
                out.write(chunk);
            }
        }
        return filler;
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
