/**
 * Java client for both transports: {@link io.roomcast.client.LongConnectionClient} (TLS long
 * connection with heartbeats, reconnects with backoff and resume by cursor, GoAway), found with
 * {@link io.roomcast.client.EndpointClient}; and {@link io.roomcast.client.PollingClient} (short
 * polling honouring {@code pollAfterMs}; a guest follows the room's cacheable slices when the
 * node offers them). Depends on the protocol schema only, never on server
 * modules.
 */
package io.roomcast.client;
