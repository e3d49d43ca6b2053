// One WebSocket session: Hello, Welcome, heartbeats (Ping every heartbeatMs, the socket counted
// dead after 2.5 intervals of silence), acks when asked for, frames handed to the owner. It never
// reconnects itself: the RoomcastClient decides when and where.
import { clientFrame, decodeServerFrame } from "./codec.js";

export class WebSocketSession {
  /**
   * @param {object} o
   * @param {string} o.url ws:// or wss:// URL of /api/v1/ws
   * @param {Function} o.WebSocket the WebSocket constructor (the browser's, or `ws` in Node)
   * @param {{token: string, roomId: string, cursor: string, acks: boolean}} o.hello
   * @param {number} [o.welcomeTimeoutMs] how long the upgrade, the Hello and the Welcome may take (default 10 s)
   * @param {object} o.on callbacks: welcome(w), block(b), pong(), error(e), goAway(g), closed(reason)
   */
  constructor({ url, WebSocket, hello, on, welcomeTimeoutMs = 10_000 }) {
    this.on = on;
    this.hello = hello;
    this.welcomed = false;
    this.done = false;
    this.blocks = 0n;
    this.acked = 0n;
    this.ackMs = 0;
    this.lastAck = 0;
    this.timers = new Set();
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.addEventListener("open", () => this.send("hello", hello));
    socket.addEventListener("message", (event) => this.received(event.data));
    socket.addEventListener("close", (event) => this.finish(`closed (${event.code}${event.reason ? " " + event.reason : ""})`));
    socket.addEventListener("error", () => this.finish("WebSocket error"));
    // A server that accepts the connection but never welcomes it (its process stopped: the kernel
    // still completes the TCP handshake) is given up, so the client can try the next endpoint.
    this.later(welcomeTimeoutMs, () => {
      if (!this.welcomed) this.abort(`no Welcome within ${welcomeTimeoutMs} ms`);
    });
  }

  send(kind, value) {
    if (this.socket.readyState === 1) {
      this.socket.send(clientFrame(kind, value));
    }
  }

  received(data) {
    if (this.done) return;
    this.lastHeard = Date.now();
    if (typeof data === "string") {
      this.abort("a text message on the binary protocol");
      return;
    }
    let frame;
    try {
      frame = decodeServerFrame(data);
    } catch (e) {
      this.abort(`an undecodable frame: ${e.message}`);
      return;
    }
    const { case: kind, value } = frame.frame;
    switch (kind) {
      case "welcome":
        this.welcome(value);
        break;
      case "block":
        this.blocks++;
        this.on.block(value);
        this.ack();
        break;
      case "pong":
        this.on.pong?.();
        break;
      case "error":
        this.on.error(value);
        break;
      case "goAway":
        this.on.goAway(value);
        this.close();
        break;
      default:
        // A frame of a newer server: ignored.
        break;
    }
  }

  welcome(w) {
    this.welcomed = true;
    const heartbeat = Math.max(100, w.heartbeatMs || 30_000);
    this.ackMs = this.hello.acks ? w.ackMs : 0;
    this.every(heartbeat, () => this.send("ping", {}));
    // A silent server for 2.5 intervals is gone (the server applies the same rule to us).
    this.every(heartbeat / 2, () => {
      if (Date.now() - this.lastHeard > heartbeat * 2.5) this.abort("the server fell silent");
    });
    this.on.welcome(w);
  }

  ack() {
    if (this.ackMs <= 0 || this.blocks === this.acked || this.ackTimer) return;
    const wait = this.ackMs - (Date.now() - this.lastAck);
    if (wait <= 0) {
      this.lastAck = Date.now();
      this.acked = this.blocks;
      this.send("ack", { blocks: this.blocks });
      return;
    }
    this.ackTimer = this.later(wait, () => {
      this.ackTimer = undefined;
      this.ack();
    });
  }

  every(ms, fn) {
    const id = setInterval(fn, ms);
    // Called as plain functions: a browser throws "Illegal invocation" for clearInterval called as a
    // method of another object (t.clear(...)), Node does not.
    this.timers.add({ id, clear: () => clearInterval(id) });
  }

  later(ms, fn) {
    const id = setTimeout(fn, ms);
    this.timers.add({ id, clear: () => clearTimeout(id) });
    return id;
  }

  abort(reason) {
    this.finish(reason);
  }

  close() {
    this.finish("closed by the client");
  }

  finish(reason) {
    if (this.done) return;
    this.done = true;
    for (const t of this.timers) t.clear();
    this.timers.clear();
    try {
      this.socket.close();
    } catch {
      // Already closing.
    }
    this.on.closed(reason, this.welcomed);
  }
}
