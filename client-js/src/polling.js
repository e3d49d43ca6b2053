// Short polling: GET /api/v1/rooms/{roomId}/messages?cursor=&limit= asking for
// application/x-protobuf, polling again after the answer's pollAfterMs (at once when it says
// `more`), as the Java PollingClient does. Failures are retried with backoff (Retry-After
// honoured); a 400 starts afresh without a cursor; 401/403 stop.
import { decodePollResponse } from "./codec.js";

export class PollingError extends Error {
  constructor(status, code, message) {
    super(`HTTP ${status}${code ? " " + code : ""}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** One poll; resolves to the decoded PollResponse or rejects with a PollingError. */
export async function pollOnce({ baseUrl, roomId, cursor, limit, token, fetch: doFetch = globalThis.fetch, signal }) {
  const url = new URL(`/api/v1/rooms/${encodeURIComponent(roomId)}/messages`, baseUrl);
  if (cursor) url.searchParams.set("cursor", cursor);
  if (limit) url.searchParams.set("limit", String(limit));
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
  return decodePollResponse(new Uint8Array(await answer.arrayBuffer()));
}
