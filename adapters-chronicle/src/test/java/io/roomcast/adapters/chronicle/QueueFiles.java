package io.roomcast.adapters.chronicle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers over a queue directory's files. */
final class QueueFiles {
    private QueueFiles() {
    }

    /** The cycle files, oldest first. */
    static List<Path> cycleFiles(Path queueDir) throws IOException {
        try (Stream<Path> files = Files.list(queueDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
    }

    /** The offset of the first occurrence of {@code ascii} in {@code file}, or -1. */
    static long offsetOf(Path file, String ascii) throws IOException {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= all.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
