/** The hand-written JSON writer for the hot HTTP answers (poll, message, block, error), matching protobuf's JSON mapping of the schema. */
package io.roomcast.protocol.json;
