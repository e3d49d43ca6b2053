package io.roomcast.domain.block;

/**
 * Rule input: how long a room's block window lasts now. A fixed length is the policy's
 * {@link BlockPolicy#windowMillis()}; the push core may give a length that follows the node's load
 * (short when light, long when the node is behind), read each time a window opens or closes.
 */
@FunctionalInterface
public interface WindowLength {

    /** The window length in force now, in milliseconds, at least 1. */
    long millis();

    /**
     * The most entries a block may carry now besides the render budget (CRITICAL messages are never
     * cut): a node that is behind at its longest window cuts every block, the same for all its
     * viewers. Unlimited by default.
     */
    default int maxEntries() {
        return Integer.MAX_VALUE;
    }

    static WindowLength fixed(long millis) {
        if (millis < 1) {
            throw new IllegalArgumentException("window length must be at least 1 ms: " + millis);
        }
        return () -> millis;
    }
}
