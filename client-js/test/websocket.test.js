// The WebSocket transport against a real node (/api/v1/ws). Skipped, with the reason printed, on a
// node that does not answer the WebSocket upgrade yet.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { WebSocket } from "ws";
import { RoomcastClient, payloadOf } from "../src/index.js";
import { chat, gift, hasWebSocket, publish, startNode, until, userToken } from "../test-support/node.js";

let node;
let ws = false;
before(async () => {
  node = await startNode(["--render.budget=0"]);
  ws = await hasWebSocket(node);
});
after(async () => {
  await node?.stop();
});

function viewer(room, extra = {}) {
  const client = new RoomcastClient({ url: node.url, room, token: userToken("alice"), WebSocket, transport: "websocket",
    backoff: { initialMs: 20, maxMs: 200 }, ...extra });
  const seen = { messages: [], statuses: [], welcomes: 0 };
  client.on("message", (m) => seen.messages.push(m));
  client.on("status", (s) => seen.statuses.push(s.status));
  client.on("welcome", () => seen.welcomes++);
  return { client, seen };
}

describe("WebSocket on a real node", () => {
  test("givenAViewerOnTheWebSocket_publishedMessages_arriveInPositionOrder", async (t) => {
    if (!ws) return t.skip("the node has no /api/v1/ws yet");
    const { client, seen } = viewer("ws-order");
    client.start();
    try {
      await until(() => seen.welcomes === 1, "the Welcome");
      const published = await publish(node, [gift("ws-order", 5000), chat("ws-order", "hi"), gift("ws-order", 20)]);
      await until(() => seen.messages.length === 3, "three messages");
      assert.deepEqual(seen.messages.map((m) => m.id), published.results.map((r) => r.id));
      assert.deepEqual(payloadOf(seen.messages[1]), { text: "hi" });
      assert.equal(client.mode, "websocket");
    } finally {
      client.close();
    }
  });

  test("givenADroppedSocket_theClient_resumesByCursor_withNoDuplicateAndNoGap", async (t) => {
    if (!ws) return t.skip("the node has no /api/v1/ws yet");
    const room = "ws-resume";
    const { client, seen } = viewer(room);
    client.start();
    try {
      await until(() => seen.welcomes === 1, "the Welcome");
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await publish(node, chat(room, `before ${i}`))).id);
      await until(() => seen.messages.length === 5, "the first five");
      client.dropConnection();
      for (let i = 0; i < 5; i++) ids.push((await publish(node, chat(room, `during ${i}`))).id);
      await until(() => seen.welcomes === 2, "a second session");
      for (let i = 0; i < 5; i++) ids.push((await publish(node, chat(room, `after ${i}`))).id);
      await until(() => seen.messages.length >= 15, "all fifteen");
      assert.deepEqual(seen.messages.map((m) => m.id), ids, "each message once, in order");
    } finally {
      client.close();
    }
  });

  test("givenANodeShuttingDown_theClient_getsGoAway_andReconnects", async (t) => {
    if (!ws) return t.skip("the node has no /api/v1/ws yet");
    const draining = await startNode(["--tcp.go.away.max.delay.ms=0"]);
    const client = new RoomcastClient({ url: draining.url, room: "ws-drain", token: userToken("bob"), WebSocket,
      transport: "websocket", backoff: { initialMs: 20, maxMs: 200 } });
    const goAways = [];
    client.on("goaway", (g) => goAways.push(g));
    let welcomed = false;
    client.on("welcome", () => (welcomed = true));
    client.start();
    try {
      await until(() => welcomed, "the Welcome");
      await draining.terminate();
      await until(() => goAways.length === 1, "GoAway");
      await until(() => client.status === "reconnecting", "reconnecting");
    } finally {
      client.close();
      await draining.stop();
    }
  });
  test("givenAnEndpointThatAcceptsButNeverAnswers_theClient_givesUpAfterTheWelcomeTimeout_andTriesTheNext", async (t) => {
    if (!ws) return t.skip("the node has no /api/v1/ws yet");
    // Takes the TCP connection and never answers the upgrade: a node whose process is stopped.
    const sockets = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentEndpoint = `127.0.0.1:${silent.address().port}`;
    const { client, seen } = viewer("ws-silent", { endpoints: [silentEndpoint, new URL(node.url).host], welcomeTimeoutMs: 300 });
    client.start();
    try {
      await until(() => seen.welcomes === 1, "a Welcome from the next endpoint");
      assert.equal(sockets.length, 1, "the silent endpoint was tried first, once");
    } finally {
      client.close();
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
