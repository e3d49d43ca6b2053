// Test support: a real roomcast node (the built jar, memory store, free ports), publishing through
// its API and user tokens signed with its secret.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as wait } from "node:timers/promises";

export const API_KEY = "node-test-api-key-0123456789";
export const SECRET = "node-test-token-secret-0123456789-abcdefghij";
const JAR = process.env.NODE_TEST_JAR ?? resolve(import.meta.dirname, "../../bootstrap/target/roomcast.jar");
const JAVA = process.env.NODE_TEST_JAVA ?? "java";

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value (a condition, not a clock: the deadline only ends a hung test). */
export async function until(probe, what = "condition", deadlineMs = 30_000) {
  const end = Date.now() + deadlineMs;
  let last;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await wait(25);
  }
  throw new Error(`timed out waiting for ${what}${last ? ": " + last.message : ""}`);
}

/** Starts a node; `stop()` ends it (SIGTERM, then SIGKILL). */
export async function startNode(settings = []) {
  const httpPort = await freePort();
  const tcpPort = await freePort();
  const data = mkdtempSync(join(tmpdir(), "roomcast-js-"));
  const args = ["-Xmx256m", "-jar", JAR, "--store=memory", `--data.dir=${data}`, "--http.host=127.0.0.1",
    `--http.port=${httpPort}`, "--tcp.host=127.0.0.1", `--tcp.port=${tcpPort}`, `--api.keys=${API_KEY}`,
    `--token.secret=${SECRET}`, "--heartbeat.ms=2000", ...settings];
  const child = spawn(JAVA, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await Promise.race([
      until(async () => (await fetch(`${url}/health`)).status === 200, "the node's /health", 60_000),
      exited.then(() => Promise.reject(new Error("roomcast exited before answering /health"))),
    ]);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    url,
    httpPort,
    log: () => log,
    exited,
    async terminate() {
      child.kill("SIGTERM");
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Publishes one message or a batch (an array) through the business API; answers the JSON result. */
export async function publish(node, body) {
  const answer = await fetch(`${node.url}/api/v1/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await answer.json();
  if (answer.status !== 202) throw new Error(`publish answered ${answer.status}: ${JSON.stringify(json)}`);
  return json;
}

/** An HS256 user token as a business server signs it (sub = the user, an hour to live). */
export function userToken(user) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: user, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${head}.${createHmac("sha256", SECRET).update(head).digest("base64url")}`;
}

/** True when the node answers the WebSocket upgrade on /api/v1/ws. */
export async function hasWebSocket(node) {
  const { default: WebSocket } = await import("ws");
  return new Promise((ok) => {
    const socket = new WebSocket(`${node.url.replace("http", "ws")}/api/v1/ws`);
    socket.on("open", () => {
      socket.terminate();
      ok(true);
    });
    socket.on("error", () => ok(false));
  });
}

export const chat = (room, text, extra = {}) => ({ scope: "room", roomId: room, category: "CHAT", senderId: "fan", payload: { text }, ...extra });
export const gift = (room, value, extra = {}) => ({ scope: "room", roomId: room, category: "GIFT", giftValue: value, senderId: "fan", payload: { gift: `g${value}` }, ...extra });
