/**
 * The push core: what every viewer on a long connection is owed, whatever its transport.
 *
 * <p>{@code PushService} (the {@code Fanout} the publish use case hands stored messages to, and
 * the {@code PushUseCase} transports open viewers with) hands each message to the
 * {@code RoomShard} of its room, one of the node's loops chosen by the room's hash, which drives the
 * room's {@code RoomLane} (a block window plus unicast messages) with the loop's timer. A drained
 * window is handed with one task to each loop that holds viewers of the room
 * ({@code ViewerGroup}); each {@code Viewer} trims it to its replay's floor and writes it to its
 * {@code ViewerSink}, or keeps it in its bounded {@code PendingBlocks} while the sink is not
 * writable. A viewer entering a room subscribes first and then reads its replay ({@code Replay}) off
 * the loop, so every message is in the replay, in a live block, or in both (then trimmed, exactly).
 */
package io.roomcast.application.push;
