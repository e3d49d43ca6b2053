// @roomcast/client: the JavaScript client of roomcast (browsers and Node).
export { RoomcastClient, payloadOf, WS_PATH } from "./client.js";
export { Backoff } from "./backoff.js";
export { pollOnce, fetchSliceHead, fetchSlice, PollingError } from "./polling.js";
export { SliceFollower, MAX_BEHIND } from "./slices.js";
export { clientFrame, decodeServerFrame, encodeServerFrame, decodeClientFrame, decodePollResponse, decodeSliceHead, decodeSlice } from "./codec.js";
export * from "./gen/roomcast_pb.js";
