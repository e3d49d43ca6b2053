// RoomcastClient: one logical viewer of a room across connections. It mirrors the Java client
// (LongConnection + Reconnects + PollingClient): reconnect with jittered exponential backoff,
// endpoints tried in turn, resume by the last cursor in Hello, GoAway's delay and endpoints
// honoured, and short polling (pollAfterMs honoured) when WebSocket is not available. A guest that
// polls follows the room's slices when the node offers them (answers an HTTP cache can share).
import { Backoff } from "./backoff.js";
import { skippedOf } from "./codec.js";
import { pollOnce } from "./polling.js";
import { SliceFollower } from "./slices.js";
import { WebSocketSession } from "./websocket.js";

/** Server errors after which the same Hello would fail again. */
const TERMINAL = new Set(["UNAUTHENTICATED", "BAD_FRAME", "INVALID_ARGUMENT"]);
export const WS_PATH = "/api/v1/ws";

export class RoomcastClient {
  /**
   * @param {object} options see index.d.ts (ClientOptions)
   */
  constructor(options) {
    const o = { ...options };
    if (!o.room) throw new TypeError("room is required");
    this.baseUrl = new URL(o.url ?? globalThis.location?.origin);
    this.room = o.room;
    this.token = o.token ?? "";
    this.cursor = o.cursor ?? null;
    this.transport = o.transport ?? "auto";
    if (!["auto", "websocket", "polling"].includes(this.transport)) {
      throw new TypeError(`transport must be auto, websocket or polling, got ${this.transport}`);
    }
    this.WebSocket = o.WebSocket ?? globalThis.WebSocket;
    this.fetch = o.fetch ?? globalThis.fetch?.bind(globalThis);
    this.acks = Boolean(o.acks);
    this.limit = o.limit;
    this.slices = o.slices ?? true;
    this.follower = new SliceFollower();
    this.pollMode = null;
    this.fallbackAfter = o.fallbackAfter ?? 2;
    this.welcomeTimeoutMs = o.welcomeTimeoutMs ?? 10_000;
    this.backoff = new Backoff(o.backoff?.initialMs ?? 200, o.backoff?.maxMs ?? 30_000);
    this.endpoints = (o.endpoints ?? []).slice();
    this.endpointIndex = 0;
    this.listeners = new Map();
    this.statesSeen = new Map();
    this.status = "idle";
    this.mode = null;
    this.attempt = 0;
    this.wsFailures = 0;
    this.everWelcomed = false;
    this.closed = false;
    this.timer = null;
  }

  /** Subscribes to an event ("status", "welcome", "block", "message", "skipped", "state", "error", "goaway"); returns an unsubscribe function. */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, value) {
    for (const fn of this.listeners.get(type) ?? []) {
      try {
        fn(value);
      } catch (e) {
        // A listener's failure must not break the connection; report it where it can be seen.
        globalThis.reportError?.(e);
      }
    }
  }

  /** Starts: WebSocket first (unless transport is "polling"), polling when WebSocket cannot be had. */
  start() {
    if (this.mode) throw new Error("already started");
    const ws = this.transport !== "polling" && typeof this.WebSocket === "function";
    if (this.transport === "websocket" && !ws) throw new Error("no WebSocket implementation: pass options.WebSocket");
    this.mode = ws ? "websocket" : "polling";
    ws ? this.connect() : this.poll();
    return this;
  }

  /** Stops for good: closes the socket or the polling loop. */
  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.session?.close();
    this.abortPoll?.abort();
    this.setStatus("closed");
  }

  /** Drops the current WebSocket as a network failure would (the client reconnects and resumes). */
  dropConnection() {
    this.session?.abort("dropped by the application");
  }

  /** Also receive another room's messages (WebSocket); in polling mode, poll that room instead. */
  join(roomId) {
    this.room = roomId;
    this.follower.restart(); // a new room's slices start afresh, with its states
    if (this.mode === "websocket" && this.session?.welcomed) this.session.send("join", { roomId });
  }

  /** Stop receiving a room's messages (WebSocket only). */
  leave(roomId) {
    if (this.mode === "websocket" && this.session?.welcomed) this.session.send("leave", { roomId });
  }

  setStatus(status, detail) {
    if (this.status === status && !detail) return;
    this.status = status;
    this.emit("status", { status, transport: this.mode, detail });
  }

  // ------------------------------------------------------------------------------- WebSocket

  wsUrl() {
    const target = this.endpoints.length ? this.endpoints[this.endpointIndex % this.endpoints.length] : null;
    let url;
    if (!target) url = new URL(this.baseUrl);
    else if (/^[a-z]+:\/\//i.test(target)) url = new URL(target);
    else url = new URL(`${this.baseUrl.protocol}//${target}`);
    if (url.protocol === "http:") url.protocol = "ws:";
    if (url.protocol === "https:") url.protocol = "wss:";
    if (url.pathname === "/" || url.pathname === "") url.pathname = WS_PATH;
    return url.toString();
  }

  connect() {
    this.timer = null;
    if (this.closed) return;
    this.setStatus(this.everWelcomed ? "reconnecting" : "connecting");
    this.goAway = null;
    this.terminal = false;
    this.session = new WebSocketSession({
      url: this.wsUrl(),
      WebSocket: this.WebSocket,
      welcomeTimeoutMs: this.welcomeTimeoutMs,
      hello: { token: this.token, roomId: this.room, cursor: this.cursor ?? "", acks: this.acks },
      on: {
        welcome: (w) => {
          this.attempt = 0;
          this.wsFailures = 0;
          this.everWelcomed = true;
          if (w.cursor) this.cursor = w.cursor;
          this.setStatus("open");
          this.emit("welcome", w);
        },
        block: (b) => {
          if (b.header?.cursor) this.cursor = b.header.cursor;
          this.deliver({ transport: "websocket", roomId: b.header?.roomId ?? "", cursor: b.header?.cursor ?? "",
            messages: b.entries, skipped: skippedOf(b.skipped), states: b.states, reset: false });
        },
        error: (e) => this.serverError(e),
        goAway: (g) => {
          this.goAway = g;
          if (g.endpoints.length) {
            this.endpoints = g.endpoints.slice();
            this.endpointIndex = 0;
          }
          this.emit("goaway", g);
        },
        closed: (reason, welcomed) => this.sessionClosed(reason, welcomed),
      },
    });
  }

  serverError(e) {
    this.emit("error", { source: "websocket", code: e.code, message: e.message });
    if (TERMINAL.has(e.code)) {
      this.terminal = true;
      if (e.code === "UNAUTHENTICATED" && !this.token && this.transport === "auto") {
        this.fallBackToPolling("the WebSocket needs a user token; polling as a guest");
      } else {
        this.close();
      }
      return;
    }
    if (e.code === "INVALID_CURSOR") this.cursor = null;
    else if (e.code === "OVERLOADED") this.endpointIndex++;
  }

  sessionClosed(reason, welcomed) {
    this.session = null;
    if (this.closed || this.terminal) return;
    if (!welcomed) {
      this.wsFailures++;
      this.endpointIndex++;
      if (this.transport === "auto" && !this.everWelcomed && this.wsFailures >= this.fallbackAfter) {
        this.fallBackToPolling(`WebSocket unavailable (${reason})`);
        return;
      }
    }
    const delay = this.goAway ? this.goAway.reconnectAfterMs : this.backoff.delayMs(this.attempt++);
    this.setStatus("reconnecting", reason);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  fallBackToPolling(why) {
    this.mode = "polling";
    this.setStatus("polling", why);
    this.attempt = 0;
    this.poll();
  }

  // ------------------------------------------------------------------------------- polling

  /** True while this client follows the room's slices (a polling guest, and the node offers them). */
  get pollsSlices() {
    return this.pollMode === "slices";
  }

  /** The next slice to fetch (a bigint) while pollsSlices, else null. */
  get slice() {
    return this.pollsSlices ? this.follower.next : null;
  }

  async poll() {
    this.timer = null;
    if (this.closed) return;
    if (this.status !== "polling") this.setStatus("polling");
    // A guest without a start cursor or a limit of its own asks for slices first; decided once.
    this.pollMode ??= this.slices && !this.token && !this.cursor && !this.limit ? "ask" : "cursor";
    let delay;
    this.abortPoll = new AbortController();
    try {
      const answer = this.pollMode === "cursor" ? await this.pollByCursor() : await this.turnOfSlices();
      if (this.closed) return;
      this.attempt = 0;
      this.deliver({ transport: "polling", roomId: this.room, cursor: answer.cursor, messages: answer.messages,
        skipped: skippedOf(answer.skipped), states: answer.states, reset: answer.reset, slice: answer.slice ?? null });
      delay = answer.more ? 0 : answer.pollAfterMs;
    } catch (e) {
      if (this.closed) return;
      this.emit("error", { source: "polling", code: e.code ?? "NETWORK", message: e.message, status: e.status });
      if (e.status === 401 || e.status === 403) {
        this.close();
        return;
      }
      if (e.status === 400) {
        this.cursor = null;
        this.follower.restart();
      }
      delay = e.retryAfterMs ?? this.backoff.delayMs(this.attempt++);
    }
    this.timer = setTimeout(() => this.poll(), delay);
  }

  async pollByCursor() {
    const answer = await pollOnce({ baseUrl: this.baseUrl, roomId: this.room, cursor: this.cursor, limit: this.limit,
      token: this.token, fetch: this.fetch, signal: this.abortPoll.signal });
    if (answer.cursor && !this.closed) this.cursor = answer.cursor;
    return answer;
  }

  /** One turn of slices; when the node has none (any more), a poll by cursor afresh (a reset if slices were followed). */
  async turnOfSlices() {
    const turn = await this.follower.turn({ baseUrl: this.baseUrl, roomId: this.room, fetch: this.fetch, signal: this.abortPoll.signal });
    if (turn) {
      this.pollMode = "slices";
      return { ...turn, cursor: "", more: false };
    }
    const wasSlicing = this.pollMode === "slices";
    this.pollMode = "cursor";
    this.cursor = null;
    const answer = await this.pollByCursor();
    if (wasSlicing) answer.reset = true;
    return answer;
  }

  // ------------------------------------------------------------------------------- delivery

  deliver(block) {
    this.emit("block", block);
    for (const m of block.messages) {
      this.emit("message", m);
      if (m.stateKey) this.state(m);
    }
    for (const m of block.states) this.state(m);
    const s = block.skipped;
    if (s.priority || s.age || s.budget || s.superseded) this.emit("skipped", s);
  }

  /** A state ("gain") message: told when it is newer than what this client holds for its key. */
  state(m) {
    const known = this.statesSeen.get(m.stateKey);
    const newer = !known || m.version > known.version
      || (m.version === known.version && (m.cursorSeq ?? 0n) > (known.cursorSeq ?? 0n));
    if (!newer) return;
    this.statesSeen.set(m.stateKey, m);
    this.emit("state", { key: m.stateKey, version: m.version, message: m });
  }
}

/** A message's payload: the parsed JSON (the default), or its bytes when binaryPayload is set. */
export function payloadOf(message) {
  if (message.binaryPayload) return message.payload;
  const text = new TextDecoder().decode(message.payload);
  return text ? JSON.parse(text) : null;
}
