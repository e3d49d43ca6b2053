package io.roomcast.client;

import io.roomcast.protocol.v1.PollResponse;

/** Callbacks of a running {@link PollingClient}, on its polling thread; both have empty defaults. */
public interface PollingListener {

    /** One poll's answer: messages in order, what was skipped, and the next cursor (already kept). */
    default void onPoll(PollResponse response) {
    }

    /** A poll failed; the client retries with backoff unless the error is final ({@code 401}, {@code 403}). */
    default void onError(Exception error) {
    }
}
