package io.roomcast.protocol.json;

/**
 * The keys {@link JsonMessages} writes, as ASCII bytes with their quotes and colon
 * ({@code "roomId":}), named as the {@code roomcast.v1} proto fields and listed in field-number
 * order. Shared constants: never write into these arrays.
 */
final class JsonKeys {
    static final byte[] ID = key("id");
    static final byte[] SCOPE = key("scope");
    static final byte[] ROOM_ID = key("roomId");
    static final byte[] CATEGORY = key("category");
    static final byte[] PRIORITY = key("priority");
    static final byte[] PAYLOAD = key("payload");
    static final byte[] PAYLOAD_BASE64 = key("payloadBase64");
    static final byte[] CREATED_AT = key("createdAt");
    static final byte[] CURSOR_MILLIS = key("cursorMillis");
    static final byte[] CURSOR_SEQ = key("cursorSeq");
    static final byte[] SENDER_ID = key("senderId");
    static final byte[] GIFT_VALUE = key("giftValue");
    static final byte[] SENT_AT = key("sentAt");
    static final byte[] BINARY_PAYLOAD = key("binaryPayload");
    static final byte[] STATE_KEY = key("stateKey");
    static final byte[] VERSION = key("version");
    static final byte[] USER_ID = key("userId");
    static final byte[] IDEMPOTENCY_KEY = key("idempotencyKey");
    static final byte[] AGE = key("age");
    static final byte[] BUDGET = key("budget");
    static final byte[] SUPERSEDED = key("superseded");
    static final byte[] HEADER = key("header");
    static final byte[] CURSOR = key("cursor");
    static final byte[] ENTRIES = key("entries");
    static final byte[] SKIPPED = key("skipped");
    static final byte[] MESSAGES = key("messages");
    static final byte[] STATES = key("states");
    static final byte[] POLL_AFTER_MS = key("pollAfterMs");
    static final byte[] RESET = key("reset");
    static final byte[] MORE = key("more");
    static final byte[] SLICE = key("slice");
    static final byte[] SLICE_MS = key("sliceMs");
    static final byte[] TRUNCATED = key("truncated");
    static final byte[] ERROR = key("error");
    static final byte[] CODE = key("code");
    static final byte[] MESSAGE = key("message");

    private JsonKeys() {
    }

    private static byte[] key(String name) {
        return JsonWriter.ascii('"' + name + "\":");
    }
}
