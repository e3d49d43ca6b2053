// @roomcast/client: the JavaScript client of roomcast (browsers and Node).
export { RoomcastClient, payloadOf, WS_PATH } from "./client.js";
export { Backoff } from "./backoff.js";
export { pollOnce, PollingError } from "./polling.js";
export { clientFrame, decodeServerFrame, encodeServerFrame, decodeClientFrame, decodePollResponse } from "./codec.js";
export * from "./gen/roomcast_pb.js";
