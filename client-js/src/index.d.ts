// Types of @roomcast/client. The protobuf messages (Message, Block, Welcome, ...) are generated
// from roomcast.proto by protoc-gen-es into ./gen/roomcast_pb.d.ts.
import type { Message, Skipped, Welcome, GoAway, PollResponse, Slice, SliceHead } from "./gen/roomcast_pb.js";

export * from "./gen/roomcast_pb.js";

export type Transport = "auto" | "websocket" | "polling";
export type Status = "idle" | "connecting" | "open" | "reconnecting" | "polling" | "closed";

export interface ClientOptions {
  /** The node's HTTP root, e.g. "http://localhost:8080" (in a browser: the page's origin by default). */
  url?: string;
  /** The room to watch. */
  room: string;
  /** A user token (HS256 JWT); empty: a guest (polling only unless the server lets guests open a WebSocket). */
  token?: string;
  /** Resume after this cursor; "0": from the oldest retained message; absent: from now. */
  cursor?: string | null;
  /** "auto" (default): WebSocket, falling back to polling; or one of them only. */
  transport?: Transport;
  /** The WebSocket constructor: the browser's by default; in Node 20 pass `WebSocket` from the `ws` package. */
  WebSocket?: unknown;
  /** fetch, for polling: globalThis.fetch by default. */
  fetch?: typeof fetch;
  /** Acknowledge blocks (Hello.acks): the server then keeps this viewer's blocks fresh rather than queued. */
  acks?: boolean;
  /** Messages per poll (default: the server's). A limit of its own means polling by cursor (slices hold the server's). */
  limit?: number;
  /**
   * Whether a polling guest (no token, no start cursor, no limit) follows the room's slices when the
   * node offers them (default true): answers an HTTP cache can share. false: always poll by cursor.
   */
  slices?: boolean;
  /** WebSocket attempts without a Welcome, before any Welcome, after which "auto" polls instead (default 2). */
  fallbackAfter?: number;
  /** How long a WebSocket attempt may take to get its Welcome before the next endpoint is tried (default 10 s). */
  welcomeTimeoutMs?: number;
  /** Reconnect and retry backoff: about initialMs, doubling up to maxMs, jittered (default 200 ms to 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** "host:port" (the HTTP port) or ws(s):// URLs to try in turn; default: the url's host. */
  endpoints?: string[];
}

/** Messages of one block (WebSocket) or one poll answer, in position order. */
export interface DeliveredBlock {
  transport: "websocket" | "polling";
  roomId: string;
  cursor: string;
  messages: Message[];
  skipped: Skipped;
  states: Message[];
  /**
   * Polling only: the cursor was not accepted and this answer starts afresh; with slices, a gap (a
   * slice the node no longer has, a truncated slice, or more than 10 slices behind).
   */
  reset: boolean;
  /** Polling by slices: the last slice this answer holds (null when the turn fetched none); absent otherwise. */
  slice?: bigint | null;
}

export interface ClientEvents {
  status: { status: Status; transport: "websocket" | "polling" | null; detail?: string };
  welcome: Welcome;
  block: DeliveredBlock;
  message: Message;
  skipped: Skipped;
  state: { key: string; version: bigint; message: Message };
  error: { source: "websocket" | "polling"; code: string; message: string; status?: number };
  goaway: GoAway;
}

export declare const WS_PATH: "/api/v1/ws";

export declare class RoomcastClient {
  constructor(options: ClientOptions);
  readonly status: Status;
  /** "websocket" or "polling" once started. */
  readonly mode: "websocket" | "polling" | null;
  /** The cursor to resume from (the last block's or poll answer's); null while following slices. */
  readonly cursor: string | null;
  /** True while this client follows the room's slices (a polling guest, and the node offers them). */
  readonly pollsSlices: boolean;
  /** The next slice to fetch while pollsSlices, else null. */
  readonly slice: bigint | null;
  on<K extends keyof ClientEvents>(type: K, listener: (event: ClientEvents[K]) => void): () => void;
  start(): this;
  close(): void;
  dropConnection(): void;
  join(roomId: string): void;
  leave(roomId: string): void;
}

/** The parsed JSON payload, or the raw bytes when binaryPayload is set. */
export declare function payloadOf(message: Message): unknown;

export declare class Backoff {
  constructor(initialMs?: number, maxMs?: number, random?: () => number);
  delayMs(attempt: number): number;
}

export declare class PollingError extends Error {
  status: number;
  code: string;
  retryAfterMs?: number;
}

export declare function pollOnce(o: {
  baseUrl: string | URL; roomId: string; cursor?: string | null; limit?: number; token?: string;
  fetch?: typeof fetch; signal?: AbortSignal;
}): Promise<PollResponse>;

type SliceRequest = { baseUrl: string | URL; roomId: string; fetch?: typeof fetch; signal?: AbortSignal };

/** GET /api/v1/rooms/{roomId}/slices; rejects with a PollingError (404: the node has no slices). */
export declare function fetchSliceHead(o: SliceRequest): Promise<SliceHead>;

/** GET /api/v1/rooms/{roomId}/slices/{slice}; rejects with a PollingError (404 SLICE_OPEN: not closed yet; 410 SLICE_GONE). */
export declare function fetchSlice(o: SliceRequest & { slice: bigint | number }): Promise<Slice>;

/** The most slices one turn fetches; further behind, a guest jumps to the last ones and is told of a gap. */
export declare const MAX_BEHIND: 10n;

/** One turn of a guest following slices. */
export interface SliceTurn {
  messages: Message[];
  skipped: Skipped;
  states: Message[];
  reset: boolean;
  pollAfterMs: number;
  slice: bigint | null;
}

/** A guest following a room's slices (what RoomcastClient uses when polling as a guest). */
export declare class SliceFollower {
  /** The next slice to fetch; null before the first turn. */
  next: bigint | null;
  restart(): void;
  /** One turn; null when the node has no slices (the head is 404). */
  turn(o: SliceRequest): Promise<SliceTurn | null>;
}

export declare function clientFrame(kind: string, value: object): Uint8Array;
export declare function decodeServerFrame(bytes: ArrayBuffer | Uint8Array): import("./gen/roomcast_pb.js").ServerFrame;
export declare function encodeServerFrame(kind: string, value: object): Uint8Array;
export declare function decodeClientFrame(bytes: ArrayBuffer | Uint8Array): import("./gen/roomcast_pb.js").ClientFrame;
export declare function decodePollResponse(bytes: ArrayBuffer | Uint8Array): PollResponse;
export declare function decodeSliceHead(bytes: ArrayBuffer | Uint8Array): SliceHead;
export declare function decodeSlice(bytes: ArrayBuffer | Uint8Array): Slice;
