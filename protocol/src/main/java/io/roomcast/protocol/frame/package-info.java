/** The long-connection frame format (varint32 length prefix + one protobuf frame); needs no domain types. */
package io.roomcast.protocol.frame;
