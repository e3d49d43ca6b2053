// The client's session rules against a fake WebSocket server in this process (a fake, not a mock:
// it speaks the real frames): Hello carries the resume cursor, heartbeats, a silent server is
// left, GoAway moves the client to the endpoint it names, and "auto" falls back to polling.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { WebSocket, WebSocketServer } from "ws";
import { RoomcastClient, decodeClientFrame, encodeServerFrame } from "../src/index.js";
import { chat, publish, startNode, until } from "../test-support/node.js";

const servers = [];
after(() => servers.forEach((s) => s.close()));

/** A fake roomcast WebSocket endpoint: `script(socket, hello, frames)` runs on each Hello. */
async function fakeServer(script) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/api/v1/ws" });
  servers.push(server);
  await new Promise((ok) => server.on("listening", ok));
  const seen = { hellos: [], pings: 0, acks: [] };
  server.on("connection", (socket) => {
    socket.on("message", (data) => {
      const { case: kind, value } = decodeClientFrame(data).frame;
      if (kind === "hello") {
        seen.hellos.push(value);
        script(socket, value, seen);
      } else if (kind === "ping") {
        seen.pings++;
        socket.send(encodeServerFrame("pong", {}));
      } else if (kind === "ack") {
        seen.acks.push(value.blocks);
      }
    });
  });
  return { seen, address: `127.0.0.1:${server.address().port}`, url: `http://127.0.0.1:${server.address().port}`, server };
}

const welcome = (socket, heartbeatMs = 30_000, cursor = "5-1", ackMs = 0) =>
  socket.send(encodeServerFrame("welcome", { sessionId: "s", heartbeatMs, cursor, ackMs }));
const block = (socket, cursor, ...ids) =>
  socket.send(encodeServerFrame("block", { header: { roomId: "r1", cursor }, entries: ids.map((id) => ({ id })), skipped: {} }));

test("givenGoAwayNamingAnotherEndpoint_theClient_reconnectsThereWithItsLastCursor", async () => {
  const second = await fakeServer((socket) => welcome(socket, 30_000, "6-2"));
  const first = await fakeServer((socket) => {
    welcome(socket);
    block(socket, "6-2", "m1");
    socket.send(encodeServerFrame("goAway", { reconnectAfterMs: 0, endpoints: [second.address] }));
  });
  const client = new RoomcastClient({ url: first.url, room: "r1", token: "t", WebSocket, transport: "websocket" });
  const goAways = [];
  client.on("goaway", (g) => goAways.push(g));
  client.start();
  try {
    await until(() => second.seen.hellos.length === 1, "a Hello at the named endpoint");
    assert.equal(goAways.length, 1);
    assert.equal(second.seen.hellos[0].cursor, "6-2");
    assert.equal(second.seen.hellos[0].roomId, "r1");
    assert.equal(second.seen.hellos[0].token, "t");
    assert.equal(first.seen.hellos.length, 1, "not back to the server that went away");
  } finally {
    client.close();
  }
});

test("givenADroppedConnection_theClient_reconnectsWithBackoff_andResumesFromTheLastBlockCursor", async () => {
  const fake = await fakeServer((socket, hello, seen) => {
    welcome(socket);
    if (seen.hellos.length === 1) {
      block(socket, "7-3", "m1");
      setImmediate(() => socket.terminate());
    }
  });
  const statuses = [];
  const client = new RoomcastClient({ url: fake.url, room: "r1", token: "t", WebSocket, backoff: { initialMs: 10, maxMs: 20 } });
  client.on("status", (s) => statuses.push(s.status));
  client.start();
  try {
    await until(() => fake.seen.hellos.length === 2, "a second Hello");
    assert.equal(fake.seen.hellos[0].cursor, "");
    assert.equal(fake.seen.hellos[1].cursor, "7-3");
    assert.deepEqual(statuses.slice(0, 3), ["connecting", "open", "reconnecting"]);
  } finally {
    client.close();
  }
});

test("givenAWelcomeHeartbeat_theClient_pingsAtThatInterval_andLeavesASilentServer", async () => {
  const fake = await fakeServer((socket, hello, seen) => {
    welcome(socket, 100);
    // From the second session on, the server stops answering: the client must give up on it.
    if (seen.hellos.length > 1) socket.removeAllListeners("message");
  });
  const client = new RoomcastClient({ url: fake.url, room: "r1", token: "t", WebSocket, backoff: { initialMs: 10, maxMs: 20 } });
  client.start();
  try {
    await until(() => fake.seen.pings >= 2, "two pings");
    fake.server.clients.forEach((s) => s.terminate());
    await until(() => fake.seen.hellos.length >= 3, "a Hello after the silent session was abandoned");
  } finally {
    client.close();
  }
});

test("givenAcks_theClient_acknowledgesTheBlocksItRead", async () => {
  const fake = await fakeServer((socket) => {
    welcome(socket, 30_000, "1-1", 50);
    block(socket, "2-2", "a");
    block(socket, "3-3", "b");
  });
  const client = new RoomcastClient({ url: fake.url, room: "r1", token: "t", WebSocket, acks: true });
  client.start();
  try {
    await until(() => fake.seen.acks.includes(2n), "Ack{blocks: 2}");
    assert.equal(fake.seen.hellos[0].acks, true);
  } finally {
    client.close();
  }
});

test("givenAnUnauthenticatedError_theClient_stopsInsteadOfRetryingTheSameHello", async () => {
  const fake = await fakeServer((socket) => socket.send(encodeServerFrame("error", { code: "UNAUTHENTICATED", message: "bad token" })));
  const client = new RoomcastClient({ url: fake.url, room: "r1", token: "bad", WebSocket, transport: "websocket" });
  const errors = [];
  client.on("error", (e) => errors.push(e.code));
  client.start();
  await until(() => client.status === "closed", "the client to stop");
  assert.deepEqual(errors, ["UNAUTHENTICATED"]);
  assert.equal(fake.seen.hellos.length, 1);
});

test("givenNoWebSocketEndpoint_auto_fallsBackToPollingTheRealNode", async () => {
  const node = await startNode();
  try {
    const room = "fallback";
    await publish(node, chat(room, "over polling"));
    const client = new RoomcastClient({ url: node.url, room, cursor: "0", WebSocket, endpoints: ["127.0.0.1:1"], backoff: { initialMs: 10, maxMs: 20 } });
    const messages = [];
    client.on("message", (m) => messages.push(m));
    client.start();
    try {
      await until(() => messages.length === 1, "the message over polling");
      assert.equal(client.mode, "polling");
    } finally {
      client.close();
    }
  } finally {
    await node.stop();
  }
});
