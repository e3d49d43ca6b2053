/**
 * The {@code RoomDirectory} port in this node's memory: who is in which room.
 * {@link io.roomcast.adapters.memory.InMemoryRoomDirectory} is its public face.
 */
package io.roomcast.adapters.memory;
