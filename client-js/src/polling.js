// Short polling: GET /api/v1/rooms/{roomId}/messages?cursor=&limit= asking for
// application/x-protobuf, polling again after the answer's pollAfterMs (at once when it says
// `more`), as the Java PollingClient does. Failures are retried with backoff (Retry-After
// honoured); a 400 starts afresh without a cursor; 401/403 stop. The slices of a room (a guest's
// feed an HTTP cache can share) are read with fetchSliceHead and fetchSlice (see slices.js).
import { decodePollResponse, decodeSlice, decodeSliceHead } from "./codec.js";

export class PollingError extends Error {
  constructor(status, code, message) {
    super(`HTTP ${status}${code ? " " + code : ""}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** GETs url as protobuf; resolves to the decoded 200 answer or rejects with a PollingError. */
async function getProtobuf(url, { token, fetch: doFetch = globalThis.fetch, signal }, decode) {
  const headers = { Accept: "application/x-protobuf" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const answer = await doFetch(url, { headers, signal });
  if (answer.status !== 200) {
    let code = "";
    let message = answer.statusText;
    try {
      const body = await answer.json();
      code = body.error?.code ?? "";
      message = body.error?.message ?? message;
    } catch {
      // Not JSON: keep the status text.
    }
    const error = new PollingError(answer.status, code, message);
    const retryAfter = Number.parseInt(answer.headers.get("Retry-After") ?? "", 10);
    error.retryAfterMs = Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined;
    throw error;
  }
  return decode(new Uint8Array(await answer.arrayBuffer()));
}

const roomPath = (roomId) => `/api/v1/rooms/${encodeURIComponent(roomId)}`;

/** One poll; resolves to the decoded PollResponse or rejects with a PollingError. */
export async function pollOnce(o) {
  const url = new URL(`${roomPath(o.roomId)}/messages`, o.baseUrl);
  if (o.cursor) url.searchParams.set("cursor", o.cursor);
  if (o.limit) url.searchParams.set("limit", String(o.limit));
  return getProtobuf(url, o, decodePollResponse);
}

/** The head of a room's slices (SliceHead: the newest closed slice); a PollingError 404 when the node has none. */
export async function fetchSliceHead(o) {
  return getProtobuf(new URL(`${roomPath(o.roomId)}/slices`, o.baseUrl), { fetch: o.fetch, signal: o.signal }, decodeSliceHead);
}

/** Slice `slice` of a room (a Slice); a PollingError 404 (SLICE_OPEN) while it is not closed, 410 (SLICE_GONE) once removed. */
export async function fetchSlice(o) {
  return getProtobuf(new URL(`${roomPath(o.roomId)}/slices/${o.slice}`, o.baseUrl), { fetch: o.fetch, signal: o.signal }, decodeSlice);
}
