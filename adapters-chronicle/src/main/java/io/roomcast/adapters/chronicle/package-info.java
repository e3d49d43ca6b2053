/**
 * Chronicle Queue adapter: the embedded {@code MessageStore}, the default storage of the single
 * jar. {@link io.roomcast.adapters.chronicle.ChronicleStoreModule} and
 * {@link io.roomcast.adapters.chronicle.ChronicleStoreConfig} are its public face; everything
 * else is package-private.
 */
package io.roomcast.adapters.chronicle;
