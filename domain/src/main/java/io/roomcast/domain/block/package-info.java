/** Block merge: a room's window of messages merged into one block encoded once for every viewer. */
package io.roomcast.domain.block;
