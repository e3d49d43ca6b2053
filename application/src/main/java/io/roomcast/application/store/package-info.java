/**
 * Helpers for {@code MessageStore} implementations, not ports: stream keys, merging per-stream
 * reads, and {@link io.roomcast.application.store.MessageIndex}, the heap bookkeeping (positions,
 * streams, retention, idempotency keys, state versions) that the in-memory and Chronicle stores
 * share. Use cases never see this package.
 */
package io.roomcast.application.store;
