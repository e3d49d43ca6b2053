/**
 * The {@code RoomDirectory} port in this node's memory: who is in which room.
 * {@link io.roomcast.adapters.memory.MemoryModule} binds it;
 * {@link io.roomcast.adapters.memory.InMemoryRoomDirectory} stays public for the benchmarks.
 */
package io.roomcast.adapters.memory;
