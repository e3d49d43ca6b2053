package io.roomcast.domain.block;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.RoomId;

/**
 * What every entry of a block shares, sent once: the room (null for a block of broadcasts), the
 * cursor a viewer resumes from after this block, and when the block was sent.
 */
public record BlockHeader(RoomId roomId, Cursor through, long sentAt) {
}
