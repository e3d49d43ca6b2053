package io.roomcast.application.push;

/**
 * What the push core needs from configuration.
 *
 * @param maxPendingBlocks      blocks a viewer may have waiting before they are merged
 * @param maxPendingMillis      how long a viewer's oldest waiting block may wait before they are merged
 * @param mergedBlockMaxEntries the most entries a merged block keeps (by priority)
 * @param resumeMaxMessages     the most messages a replay delivers in full; past it, one per page
 */
public record PushSettings(int maxPendingBlocks, long maxPendingMillis, int mergedBlockMaxEntries,
                           int resumeMaxMessages) {
    public PushSettings {
        if (maxPendingBlocks < 1 || maxPendingMillis < 1 || mergedBlockMaxEntries < 1 || resumeMaxMessages < 1) {
            throw new IllegalArgumentException("push settings must be at least 1: pending " + maxPendingBlocks
                    + ", pending ms " + maxPendingMillis + ", merged entries " + mergedBlockMaxEntries
                    + ", resume " + resumeMaxMessages);
        }
    }
}
