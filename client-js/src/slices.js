// A guest following a room's slices, as the Java client's SlicePolling does: the head (the newest
// closed slice), then each slice after the last one it has, in order. A fresh start takes the
// newest closed slice and the head's states; a slice not closed yet (404 SLICE_OPEN) ends the turn
// and is asked for again at the next; a gap (410 SLICE_GONE, a truncated slice, or more than
// MAX_BEHIND slices behind: the guest jumps to the last MAX_BEHIND) is told as a reset with the
// head's states. A failure part-way through a turn keeps nothing of it (slices never change: the
// next turn fetches them again).
import { create } from "@bufbuild/protobuf";
import { SkippedSchema } from "./gen/roomcast_pb.js";
import { fetchSlice, fetchSliceHead } from "./polling.js";

/** The most slices one turn fetches. */
export const MAX_BEHIND = 10n;

export class SliceFollower {
  constructor() {
    /** The next slice to fetch (a bigint); null before the first turn. */
    this.next = null;
  }

  /** Starts afresh at the next turn, as a new guest would. */
  restart() {
    this.next = null;
  }

  /**
   * One turn. Resolves to null when the node has no slices (the head is 404), else to
   * { messages, skipped, states, reset, pollAfterMs, slice } (slice: the last one fetched, or null).
   * @param {{ baseUrl: URL | string, roomId: string, fetch?: typeof fetch, signal?: AbortSignal }} o
   */
  async turn(o) {
    let head;
    try {
      head = await fetchSliceHead(o);
    } catch (e) {
      if (e.status === 404) return null;
      throw e;
    }
    const answer = { messages: [], skipped: create(SkippedSchema), states: [], reset: false, pollAfterMs: head.pollAfterMs, slice: null };
    const fresh = this.next === null;
    const gap = () => {
      if (!answer.reset && !fresh) answer.states.push(...head.states);
      answer.reset = true;
    };
    let from = this.next;
    if (fresh) {
      from = head.slice;
      answer.states.push(...head.states);
    } else if (head.slice - from + 1n > MAX_BEHIND) {
      from = head.slice - MAX_BEHIND + 1n;
      gap();
    }
    let n = from;
    for (; n <= head.slice; n++) {
      let slice;
      try {
        slice = await fetchSlice({ ...o, slice: n });
      } catch (e) {
        if (e.status === 404) break; // not closed yet here (another node, or a cache): the next turn asks again
        if (e.status === 410) {
          gap();
          continue;
        }
        throw e;
      }
      answer.messages.push(...slice.messages);
      answer.states.push(...slice.states);
      for (const reason of ["priority", "age", "budget", "superseded"]) answer.skipped[reason] += slice.skipped?.[reason] ?? 0;
      if (slice.truncated) gap();
      answer.slice = n;
    }
    this.next = n;
    return answer;
  }
}
