package io.roomcast.adapters.tcp;

import static io.roomcast.adapters.tcp.ConfigChecks.check;
import static io.roomcast.adapters.tcp.ConfigChecks.positive;

/**
 * The push core's limits that the long-connection settings hold ({@code tcp.max.pending.*},
 * {@code tcp.merged.block.max.entries}, {@code tcp.resume.max.messages}): how much a viewer that
 * cannot keep up may have waiting, and how much a resume replays. Immutable; checked, as the rest
 * of the settings, by {@link TcpConfig#validate()}.
 *
 * @param maxPendingBlocks      blocks a connection may hold while it is not writable; beyond, they
 *                              merge by priority. Default 4 (measured against 16: BENCHMARKS.md, 2026-12-06)
 * @param maxPendingMs          how long a viewer's oldest pending block may wait before the pending
 *                              blocks merge by priority (a viewer that cannot keep up gets the most
 *                              important of each such period, not all of it late). Default 10 min, that
 *                              is in practice only {@code maxPendingBlocks} bounds the queue: 1 s was
 *                              measured and made an overloaded node worse (a per-viewer merged block
 *                              every second costs more CPU than the shared blocks it replaces;
 *                              BENCHMARKS.md, 2026-12-06)
 * @param mergedBlockMaxEntries most entries in the block a slow viewer's pending blocks merge into
 *                              (CRITICAL never dropped). Default 20
 * @param resumeMaxMessages     most messages a resume replays before falling back to one (the most
 *                              important) per page. Default 1,000
 */
public record PushLimits(int maxPendingBlocks, long maxPendingMs, int mergedBlockMaxEntries, int resumeMaxMessages) {

    /** The defaults users get. */
    public static PushLimits defaults() {
        return new PushLimits(4, 600_000, 20, 1_000);
    }

    public PushLimits withMaxPendingBlocks(int value) {
        return new PushLimits(value, maxPendingMs, mergedBlockMaxEntries, resumeMaxMessages);
    }

    public PushLimits withMaxPendingMs(long value) {
        return new PushLimits(maxPendingBlocks, value, mergedBlockMaxEntries, resumeMaxMessages);
    }

    public PushLimits withMergedBlockMaxEntries(int value) {
        return new PushLimits(maxPendingBlocks, maxPendingMs, value, resumeMaxMessages);
    }

    public PushLimits withResumeMaxMessages(int value) {
        return new PushLimits(maxPendingBlocks, maxPendingMs, mergedBlockMaxEntries, value);
    }

    /** @throws IllegalArgumentException naming the field ({@code TcpConfig.<field>}) and what it must be */
    void validate() {
        check(maxPendingMs >= 1, "maxPendingMs", "must be at least 1");
        positive("maxPendingBlocks", maxPendingBlocks);
        positive("mergedBlockMaxEntries", mergedBlockMaxEntries);
        positive("resumeMaxMessages", resumeMaxMessages);
    }
}
