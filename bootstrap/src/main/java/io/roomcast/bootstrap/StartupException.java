package io.roomcast.bootstrap;

/**
 * A node could not start for a reason outside its configuration (Redis down, a port taken, the
 * data directory held by another node). The message is one line naming the cause and the fix; the
 * cause chain is for the debug log only.
 */
public final class StartupException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
