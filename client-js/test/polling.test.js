// The polling transport against a real node: pollAfterMs honoured, priorities, skipped counts,
// state messages, resume by cursor.
import assert from "node:assert/strict";
import { after, before, mock, test } from "node:test";
import { RoomcastClient, payloadOf } from "../src/index.js";
import { chat, gift, publish, startNode, until } from "../test-support/node.js";

let node;
before(async () => {
  node = await startNode();
});
after(async () => {
  await node?.stop();
});

function collect(client) {
  const seen = { messages: [], skipped: [], states: [], statuses: [], blocks: [] };
  client.on("message", (m) => seen.messages.push(m));
  client.on("skipped", (s) => seen.skipped.push(s));
  client.on("state", (s) => seen.states.push(s));
  client.on("status", (s) => seen.statuses.push(s.status));
  client.on("block", (b) => seen.blocks.push(b));
  return seen;
}

test("givenPublishedMessages_pollingFromCursorZero_deliversThemInPositionOrderWithPayloadsAndPriorities", async () => {
  const room = "poll-order";
  await publish(node, [gift(room, 5000), chat(room, "hello"), gift(room, 20)]);
  const client = new RoomcastClient({ url: node.url, room, cursor: "0", transport: "polling" });
  const seen = collect(client);
  client.start();
  try {
    await until(() => seen.messages.length === 3, "three messages");
    assert.deepEqual(seen.messages.map((m) => payloadOf(m)), [{ gift: "g5000" }, { text: "hello" }, { gift: "g20" }]);
    assert.deepEqual(seen.messages.map((m) => m.priority), [4, 2, 3]); // HIGH, LOW, NORMAL
    assert.equal(client.mode, "polling");
    assert.equal(seen.statuses[0], "polling");
    assert.ok(client.cursor && client.cursor !== "0", "the client keeps the answer's cursor");
  } finally {
    client.close();
  }
});

test("givenMoreMessagesThanTheLimit_aPoll_keepsTheHighestLevels_andTellsWhatWasSkipped", async () => {
  const room = "poll-limit";
  await publish(node, [chat(room, "a"), gift(room, 5000), chat(room, "b")]);
  const client = new RoomcastClient({ url: node.url, room, cursor: "0", transport: "polling", limit: 1 });
  const seen = collect(client);
  client.start();
  try {
    await until(() => seen.skipped.length > 0, "a skipped count");
    assert.equal(seen.messages.length, 1);
    assert.deepEqual(payloadOf(seen.messages[0]), { gift: "g5000" });
    assert.equal(seen.skipped[0].priority, 2);
  } finally {
    client.close();
  }
});

test("givenStateMessages_theClient_tellsTheNewestVersionOfEachKeyOnce", async () => {
  const room = "poll-state";
  const pk = (version, score) => ({ scope: "room", roomId: room, category: "PK", stateKey: "pk.score", version, payload: { red: score, blue: 1 } });
  await publish(node, [pk(1, 10), pk(2, 20)]);
  const client = new RoomcastClient({ url: node.url, room, transport: "polling" }); // no cursor: joins with the latest states
  const seen = collect(client);
  client.start();
  try {
    await until(() => seen.states.length > 0, "a state");
    await publish(node, pk(3, 30));
    await until(() => seen.states.some((s) => s.version === 3n), "version 3");
    assert.deepEqual(seen.states.map((s) => s.version), [2n, 3n]);
    assert.deepEqual(payloadOf(seen.states.at(-1).message), { red: 30, blue: 1 });
  } finally {
    client.close();
  }
});

test("givenAnAnswer_theNextPoll_waitsExactlyItsPollAfterMs", async () => {
  const room = "poll-after";
  const answers = [];
  let polls = 0;
  const counting = async (...args) => {
    polls++;
    const answer = await fetch(...args);
    answers.push(answer.status);
    return answer;
  };
  mock.timers.enable({ apis: ["setTimeout"] });
  // Polling by cursor (a guest would follow slices: slices.test.js checks their pace).
  const client = new RoomcastClient({ url: node.url, room, transport: "polling", fetch: counting, slices: false });
  const blocks = [];
  client.on("block", (b) => blocks.push(b));
  try {
    client.start();
    await until(() => blocks.length === 1, "the first answer");
    // The node answers pollAfterMs 1500 for a room under 100 viewers (README); the next poll is due then, not before.
    mock.timers.tick(1499);
    await new Promise((ok) => setImmediate(ok));
    assert.equal(polls, 1, "no second poll before pollAfterMs");
    mock.timers.tick(1);
    await until(() => polls === 2, "the second poll");
  } finally {
    client.close();
    mock.timers.reset();
  }
});

test("givenACursor_aNewClient_resumesAfterIt_withNothingTwice", async () => {
  const room = "poll-resume";
  await publish(node, [chat(room, "1"), chat(room, "2")]);
  const first = new RoomcastClient({ url: node.url, room, cursor: "0", transport: "polling" });
  const seenFirst = collect(first);
  first.start();
  await until(() => seenFirst.messages.length === 2, "two messages");
  first.close();
  await publish(node, [chat(room, "3"), chat(room, "4")]);
  const second = new RoomcastClient({ url: node.url, room, cursor: first.cursor, transport: "polling" });
  const seenSecond = collect(second);
  second.start();
  try {
    await until(() => seenSecond.messages.length === 2, "the two new messages");
    assert.deepEqual(seenSecond.messages.map((m) => payloadOf(m).text), ["3", "4"]);
  } finally {
    second.close();
  }
});

test("givenAnUnknownApiRoute_orBadCursor_theClient_startsAfreshInsteadOfStopping", async () => {
  const room = "poll-bad-cursor";
  await publish(node, chat(room, "x"));
  const client = new RoomcastClient({ url: node.url, room, cursor: "not-a-cursor", transport: "polling", backoff: { initialMs: 10, maxMs: 50 } });
  const seen = collect(client);
  const errors = [];
  client.on("error", (e) => errors.push(e));
  client.start();
  try {
    await until(() => seen.blocks.length > 0, "an answer after the bad cursor");
    assert.equal(errors[0].status, 400);
    assert.notEqual(client.status, "closed");
  } finally {
    client.close();
  }
});
