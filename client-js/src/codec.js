// Frames on the WebSocket: one binary message = one ClientFrame or ServerFrame, no length prefix
// (unlike the TCP port, which puts a varint32 length before each frame).
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ClientFrameSchema,
  ServerFrameSchema,
  PollResponseSchema,
  SkippedSchema,
  SliceHeadSchema,
  SliceSchema,
} from "./gen/roomcast_pb.js";

/** Encodes a ClientFrame given as its oneof case and value, e.g. clientFrame("ping", {}). */
export function clientFrame(kind, value) {
  return toBinary(ClientFrameSchema, create(ClientFrameSchema, { frame: { case: kind, value } }));
}

/** Decodes one binary WebSocket message into a ServerFrame (throws on garbage). */
export function decodeServerFrame(bytes) {
  return fromBinary(ServerFrameSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** Encodes a ServerFrame (for tests and fakes). */
export function encodeServerFrame(kind, value) {
  return toBinary(ServerFrameSchema, create(ServerFrameSchema, { frame: { case: kind, value } }));
}

/** Decodes a ClientFrame (for tests and fakes). */
export function decodeClientFrame(bytes) {
  return fromBinary(ClientFrameSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** Decodes the binary (application/x-protobuf) answer of a short poll. */
export function decodePollResponse(bytes) {
  return fromBinary(PollResponseSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** Decodes the binary answer of GET /api/v1/rooms/{roomId}/slices (a SliceHead). */
export function decodeSliceHead(bytes) {
  return fromBinary(SliceHeadSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** Decodes the binary answer of GET /api/v1/rooms/{roomId}/slices/{n} (a Slice). */
export function decodeSlice(bytes) {
  return fromBinary(SliceSchema, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** A Skipped with every count present (absent means 0). */
export function skippedOf(value) {
  return value ?? create(SkippedSchema);
}
