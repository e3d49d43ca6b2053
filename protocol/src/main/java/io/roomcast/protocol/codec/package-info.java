/**
 * Server-side codecs between the domain model and the {@code roomcast.v1} schema: messages (wire
 * and storage), blocks (one encoded frame per block), skip counts and poll answers. Needs the
 * domain module, which the client does not have.
 */
package io.roomcast.protocol.codec;
