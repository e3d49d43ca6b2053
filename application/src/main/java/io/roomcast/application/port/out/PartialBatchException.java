package io.roomcast.application.port.out;

import io.roomcast.domain.error.RoomcastException;
import java.util.List;

/**
 * A batch append that failed part way ({@link MessageStore#appendAll}): the store failed at the
 * message after {@link #done()}'s last one. {@code done} holds the results of the messages before
 * it, in batch order (a prefix of the batch: those are stored, or refused, exactly as reported);
 * the failing message and every one after it were not stored. The code is the failure's own
 * ({@code STORE_UNAVAILABLE} when the backing storage failed).
 */
public final class PartialBatchException extends RoomcastException {
    private static final long serialVersionUID = 1L;

    private final transient List<AppendResult> done;

    public PartialBatchException(List<? extends AppendResult> done, RoomcastException failure) {
        super(failure.code(), failure.getMessage() + " (after " + done.size() + " of the batch)", failure);
        this.done = List.copyOf(done);
    }

    /** The results of the messages handled before the failure, in batch order. */
    public List<AppendResult> done() {
        return done;
    }
}
