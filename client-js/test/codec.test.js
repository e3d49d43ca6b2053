// Codecs and backoff: no server needed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff, clientFrame, decodeClientFrame, decodeServerFrame, encodeServerFrame } from "../src/index.js";

const hex = (bytes) => Buffer.from(bytes).toString("hex");

test("a ClientFrame is the bare protobuf, as in roomcast.proto's byte example (no length prefix on WebSocket)", () => {
  assert.equal(hex(clientFrame("join", { roomId: "r1" })), "12040a027231");
  assert.equal(hex(clientFrame("ping", {})), "2200");
});

test("Hello with token, room, cursor and acks round-trips", () => {
  const frame = decodeClientFrame(clientFrame("hello", { token: "t", roomId: "r1", cursor: "17-3", acks: true }));
  assert.equal(frame.frame.case, "hello");
  assert.deepEqual({ ...frame.frame.value, $typeName: undefined },
    { $typeName: undefined, token: "t", roomId: "r1", cursor: "17-3", acks: true });
});

test("a Block ServerFrame decodes with its header, entries, skipped and int64 fields as bigint", () => {
  const bytes = encodeServerFrame("block", {
    header: { roomId: "r1", cursor: "1795826531961-2", sentAt: 5n },
    entries: [{ id: "a", category: 1, priority: 4, cursorMillis: 1795826531961n, cursorSeq: 2n, payload: new TextEncoder().encode("{}") }],
    skipped: { priority: 3 },
  });
  const block = decodeServerFrame(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  assert.equal(block.frame.case, "block");
  assert.equal(block.frame.value.header.cursor, "1795826531961-2");
  assert.equal(block.frame.value.entries[0].cursorSeq, 2n);
  assert.equal(block.frame.value.skipped.priority, 3);
});

test("garbage is refused with an error, not a half-decoded frame", () => {
  assert.throws(() => decodeServerFrame(new Uint8Array([0xff, 0xff, 0xff])));
});

test("backoff doubles from the initial delay up to the cap, jittered within [cap/2, cap]", () => {
  const low = new Backoff(200, 30_000, () => 0);
  const high = new Backoff(200, 30_000, () => 0.999999);
  assert.deepEqual([0, 1, 2, 10, 40].map((n) => low.delayMs(n)), [100, 200, 400, 15_000, 15_000]);
  assert.deepEqual([0, 1, 2, 10, 40].map((n) => high.delayMs(n)), [200, 400, 800, 30_000, 30_000]);
  assert.throws(() => new Backoff(0, 10), RangeError);
});
