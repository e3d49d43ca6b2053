// Slices (issue 15): a polling guest follows the room's slices when the node offers them, and polls
// by cursor otherwise (slices off, signed in, `slices: false`). First the client algorithm against a
// scripted fetch (gaps, slices not closed yet, jumps), then against real nodes.
import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { RoomcastClient, SliceFollower, SliceHeadSchema, SliceSchema, payloadOf } from "../src/index.js";
import { chat, gift, publish, startNode, until, userToken } from "../test-support/node.js";

const HEAD = "/api/v1/rooms/r1/slices";

/** A scripted node: the head says `newest`; slices in `open` are not closed, in `gone` removed. */
function scriptedNode() {
  const node = { newest: 100n, open: new Set(), gone: new Set(), truncated: new Set(), requests: [] };
  const protobuf = (schema, value) => new Response(toBinary(schema, create(schema, value)),
    { status: 200, headers: { "Content-Type": "application/x-protobuf" } });
  const error = (status, code) => new Response(JSON.stringify({ error: { code, message: "m" } }),
    { status, headers: { "Content-Type": "application/json" } });
  node.fetch = async (url) => {
    const path = new URL(url).pathname;
    node.requests.push(path);
    const [, roomId, n] = path.match(/^\/api\/v1\/rooms\/([^/]+)\/slices(?:\/(\d+))?$/);
    if (n === undefined) {
      return protobuf(SliceHeadSchema, { roomId, slice: node.newest, sliceMs: 1000, pollAfterMs: 2000,
        states: [{ id: "state-7", stateKey: "pk.score", version: 7n }] });
    }
    return sliceAnswer(BigInt(n));
  };
  const sliceAnswer = (n) => {
    if (n > node.newest || node.open.has(n)) return error(404, "SLICE_OPEN");
    if (node.gone.has(n)) return error(410, "SLICE_GONE");
    return protobuf(SliceSchema, { slice: n, messages: [{ id: `s${n}` }], skipped: { priority: 2, age: 1 }, truncated: node.truncated.has(n) });
  };
  return node;
}

const ids = (turn) => turn.messages.map((m) => m.id);

describe("SliceFollower (scripted node)", () => {
  const o = (node) => ({ baseUrl: "http://node.test", roomId: "r1", fetch: node.fetch });

  test("givenANewGuest_aTurn_startsWithTheNewestClosedSliceAndTheHeadsStates", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    const turn = await follower.turn(o(node));
    assert.deepEqual(node.requests, [HEAD, `${HEAD}/100`]);
    assert.deepEqual(ids(turn), ["s100"]);
    assert.deepEqual(turn.states.map((s) => s.version), [7n]);
    assert.equal(turn.reset, false);
    assert.equal(turn.pollAfterMs, 2000);
    assert.equal(follower.next, 101n);
  });

  test("givenNewSlices_theNextTurn_fetchesEachInOrder_andAddsUpWhatTheySkipped", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    await follower.turn(o(node));
    node.newest = 103n;
    const turn = await follower.turn(o(node));
    assert.deepEqual(ids(turn), ["s101", "s102", "s103"]);
    assert.equal(turn.skipped.priority, 6);
    assert.equal(turn.skipped.age, 3);
    assert.deepEqual(turn.states, []);
    assert.equal(turn.reset, false);
    assert.equal(turn.slice, 103n);
  });

  test("givenASliceNotClosedYet_theTurnStopsThere_andTheNextTurnAsksForItAgain", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    await follower.turn(o(node));
    node.newest = 102n;
    node.open.add(102n);
    assert.deepEqual(ids(await follower.turn(o(node))), ["s101"]);
    assert.equal(follower.next, 102n);
    node.open.clear();
    const later = await follower.turn(o(node));
    assert.deepEqual(ids(later), ["s102"]);
    assert.equal(later.reset, false);
  });

  test("givenASliceGoneOrTruncated_theTurn_reportsAGapAsAReset_withTheHeadsStates", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    await follower.turn(o(node));
    node.newest = 103n;
    node.gone.add(102n);
    const turn = await follower.turn(o(node));
    assert.deepEqual(ids(turn), ["s101", "s103"]);
    assert.equal(turn.reset, true);
    assert.deepEqual(turn.states.map((s) => s.version), [7n]);
    node.newest = 104n;
    node.truncated.add(104n);
    assert.equal((await follower.turn(o(node))).reset, true);
  });

  test("givenMoreThanTenSlicesBehind_theGuest_jumpsToTheLastTen_andReportsAGap", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    await follower.turn(o(node));
    node.newest = 111n; // 101..111: eleven behind
    node.requests.length = 0;
    const turn = await follower.turn(o(node));
    assert.equal(node.requests[1], `${HEAD}/102`);
    assert.equal(turn.messages.length, 10);
    assert.equal(turn.reset, true);
    node.newest = 121n; // exactly ten behind: no gap
    const next = await follower.turn(o(node));
    assert.equal(next.messages.length, 10);
    assert.equal(next.reset, false);
  });

  test("givenAFailurePartWayThroughATurn_theNextTurn_fetchesThoseSlicesAgain", async () => {
    const node = scriptedNode();
    const follower = new SliceFollower();
    await follower.turn(o(node));
    node.newest = 102n;
    const failing = async (url) => (new URL(url).pathname === `${HEAD}/102` ? new Response("", { status: 503 }) : node.fetch(url));
    await assert.rejects(follower.turn({ ...o(node), fetch: failing }), (e) => e.status === 503);
    assert.equal(follower.next, 101n);
    assert.deepEqual(ids(await follower.turn(o(node))), ["s101", "s102"]);
  });

  // Scripted rather than on a real node: mocked timers would also drive the keep-alive timers of
  // Node's fetch (undici) for the connections other tests left open.
  test("givenAGuest_theNextHead_waitsExactlyTheHeadsPollAfterMs", async () => {
    const node = scriptedNode();
    mock.timers.enable({ apis: ["setTimeout"] });
    const client = new RoomcastClient({ url: "http://node.test", room: "r1", transport: "polling", fetch: node.fetch });
    const blocks = [];
    client.on("block", (b) => blocks.push(b));
    try {
      client.start();
      await until(() => blocks.length === 1, "the first turn");
      assert.equal(client.pollsSlices, true);
      assert.equal(blocks[0].slice, 100n);
      const heads = () => node.requests.filter((path) => path === HEAD).length;
      assert.equal(heads(), 1);
      mock.timers.tick(1999); // the scripted head says pollAfterMs 2000
      await new Promise((ok) => setImmediate(ok));
      assert.equal(heads(), 1, "no second head before pollAfterMs");
      mock.timers.tick(1);
      await until(() => heads() === 2, "the second head");
    } finally {
      client.close();
      mock.timers.reset();
    }
  });

  test("givenAGuestJoiningAnotherRoom_theNextTurn_startsAfreshThere", async () => {
    const node = scriptedNode();
    const client = new RoomcastClient({ url: "http://node.test", room: "r1", transport: "polling", fetch: node.fetch });
    const blocks = [];
    client.on("block", (b) => blocks.push(b));
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      client.start();
      await until(() => blocks.length === 1, "the first turn");
      client.join("r2");
      node.newest = 105n;
      mock.timers.tick(2000);
      await until(() => blocks.length === 2, "the turn in r2");
      assert.deepEqual(node.requests.slice(2), ["/api/v1/rooms/r2/slices", "/api/v1/rooms/r2/slices/105"]);
      assert.deepEqual(blocks[1].states.map((s) => s.version), [7n], "the new room's states");
    } finally {
      client.close();
      mock.timers.reset();
    }
  });

  test("givenAHead404_theTurn_saysTheNodeHasNoSlices", async () => {
    const follower = new SliceFollower();
    const notFound = async () => new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: "slices are off" } }), { status: 404 });
    assert.equal(await follower.turn({ baseUrl: "http://node.test", roomId: "r1", fetch: notFound }), null);
  });
});

/** A fetch that records each request's path and answer status. */
function recording() {
  const requests = [];
  const fetchFn = async (url, init) => {
    const answer = await fetch(url, init);
    requests.push({ path: new URL(url).pathname, status: answer.status });
    return answer;
  };
  return { requests, fetch: fetchFn };
}

function collect(client) {
  const seen = { messages: [], blocks: [], states: [] };
  client.on("message", (m) => seen.messages.push(m));
  client.on("block", (b) => seen.blocks.push(b));
  client.on("state", (s) => seen.states.push(s));
  return seen;
}

describe("against a node with slices (the default)", () => {
  let node;
  before(async () => {
    node = await startNode();
  });
  after(async () => {
    await node?.stop();
  });

  test("givenAGuest_polling_followsTheSlices_andGetsEveryPublishedMessageOnceInOrder", async () => {
    const room = "slices-guest";
    const http = recording();
    const client = new RoomcastClient({ url: node.url, room, transport: "polling", fetch: http.fetch });
    const seen = collect(client);
    client.start();
    try {
      await until(() => seen.blocks.length > 0, "the first turn");
      assert.equal(client.pollsSlices, true);
      assert.equal(client.cursor, null);
      const texts = [];
      for (let round = 0; round < 3; round++) {
        const batch = [0, 1, 2].map((i) => `r${round} m${i}`);
        texts.push(...batch);
        await publish(node, batch.map((t) => chat(room, t)));
        await until(() => seen.messages.length >= texts.length, `round ${round}`);
      }
      assert.deepEqual(seen.messages.map((m) => payloadOf(m).text), texts);
      assert.ok(http.requests.some((r) => /\/slices\/\d+$/.test(r.path) && r.status === 200), "slices fetched");
      assert.ok(!http.requests.some((r) => r.path.endsWith("/messages")), "no poll by cursor");
      assert.equal(typeof seen.blocks.at(-1).slice, "bigint");
    } finally {
      client.close();
    }
  });

  test("givenASignedInViewer_orSlicesFalse_orAStartCursor_theClient_pollsByCursor", async () => {
    const room = "slices-cursor";
    for (const options of [{ token: userToken("ann") }, { slices: false }, { cursor: "0" }]) {
      const http = recording();
      const client = new RoomcastClient({ url: node.url, room, transport: "polling", fetch: http.fetch, ...options });
      const seen = collect(client);
      client.start();
      try {
        await until(() => seen.blocks.length > 0, `an answer (${Object.keys(options)})`);
        assert.equal(client.pollsSlices, false);
        assert.ok(http.requests.every((r) => r.path.endsWith("/messages")), `only polls by cursor (${Object.keys(options)})`);
      } finally {
        client.close();
      }
    }
  });
});

describe("against a node with slices off", () => {
  let node;
  before(async () => {
    node = await startNode(["--poll.slice.ms=0"]);
  });
  after(async () => {
    await node?.stop();
  });

  test("givenAGuest_theHeadIs404_soItPollsByCursor_andGetsEveryMessage", async () => {
    const room = "slices-off";
    const http = recording();
    const client = new RoomcastClient({ url: node.url, room, transport: "polling", fetch: http.fetch });
    const seen = collect(client);
    client.start();
    try {
      await until(() => seen.blocks.length > 0, "the first answer");
      await publish(node, [gift(room, 5000), chat(room, "hello")]);
      await until(() => seen.messages.length === 2, "two messages");
      assert.deepEqual(seen.messages.map((m) => payloadOf(m)), [{ gift: "g5000" }, { text: "hello" }]);
      assert.equal(client.pollsSlices, false);
      assert.ok(client.cursor, "polls by cursor");
      assert.deepEqual(http.requests[0], { path: `/api/v1/rooms/${room}/slices`, status: 404 });
      assert.equal(http.requests.filter((r) => /\/slices(\/\d+)?$/.test(r.path)).length, 1, "asks for the head once");
    } finally {
      client.close();
    }
  });
});
