package io.roomcast.adapters.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.InvalidProtocolBufferException;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Payload;
import io.roomcast.protocol.v1.PublishBatch;
import io.roomcast.protocol.v1.PublishRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish bodies to {@link PublishCommand}s: one {@code roomcast.v1.PublishRequest}, or a batch
 * (a JSON array, {@code {"messages":[...]}}, or a binary {@code PublishBatch}). Every item is
 * parsed and validated before any is returned, so a bad item stops the whole batch before
 * anything is published; its error names its index, {@code messages[3]: category: ...}.
 *
 * <p>JSON is read strictly ({@link StrictJson}) and its fields mapped as protobuf's
 * {@code JsonFormat} maps them ({@link PublishRequestJson}), so an unknown field is an error. The
 * {@code payload} is kept as the JSON text the publisher sent, compacted, with numbers exactly as
 * written. Each request becomes a command in {@link PublishCommands}. A body of the usual form is
 * read in one pass over its text instead ({@link PublishJsonStream}), with the same answer. Thread-safe.
 */
final class PublishRequests {
    private static final String PAYLOAD = "payload";
    private static final String BATCH = "messages";

    private final PublishCommands commands;

    /** @param maxPayloadBytes the largest payload a message may carry (the publish rule's limit) */
    PublishRequests(int maxPayloadBytes) {
        this.commands = new PublishCommands(maxPayloadBytes);
    }

    /** The commands of one body, and whether it was a batch (answered with a list of results). */
    record Parsed(List<PublishCommand> commands, boolean batch) {
    }

    /**
     * Parses a JSON body: an object (one message), an array or {@code {"messages":[...]}} (a batch).
     * The usual form is read in one pass ({@link PublishJsonStream}); anything else, and every error, through the tree.
     */
    Parsed fromJson(byte[] body) {
        String text = StrictJson.text(body);
        Parsed usual = PublishJsonStream.read(text, commands);
        return usual != null ? usual : fromTree(StrictJson.parse(text));
    }

    /** The body's tree to commands: the reference for every answer and every error. */
    Parsed fromTree(JsonElement root) {
        if (root.isJsonObject() && root.getAsJsonObject().has(BATCH)) {
            JsonObject wrapper = root.getAsJsonObject();
            for (String key : wrapper.keySet()) {
                if (!key.equals(BATCH)) {
                    throw RoomcastException.invalid(key, "unknown field beside 'messages' in a batch");
                }
            }
            if (!wrapper.get(BATCH).isJsonArray()) {
                throw RoomcastException.invalid(BATCH, "must be an array of messages");
            }
            root = wrapper.get(BATCH);
        }
        if (root.isJsonObject()) {
            return new Parsed(List.of(fromJsonItem(root)), false);
        }
        if (!root.isJsonArray()) {
            throw RoomcastException.invalid("body", "must be a JSON object (one message) or an array (a batch)");
        }
        JsonArray items = root.getAsJsonArray();
        checkNotEmpty(items.size());
        List<PublishCommand> parsed = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                parsed.add(fromJsonItem(items.get(i)));
            } catch (RoomcastException e) {
                throw atIndex(i, e);
            }
        }
        return new Parsed(parsed, true);
    }

    /** Parses a binary {@code PublishRequest}, or a {@code PublishBatch} when {@code batch}. */
    Parsed fromProtobuf(byte[] body, boolean batch) {
        List<PublishRequest> requests;
        try {
            requests = batch ? PublishBatch.parseFrom(body).getMessagesList() : List.of(PublishRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw RoomcastException.invalid("body", "malformed protobuf " + (batch ? "PublishBatch" : "PublishRequest")
                    + ": " + e.getMessage());
        }
        if (batch) {
            checkNotEmpty(requests.size());
        }
        List<PublishCommand> parsed = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            PublishRequest request = requests.get(i);
            try {
                Payload json = request.hasPayload() ? Payload.json(PayloadJson.write(request.getPayload())) : null;
                parsed.add(commands.command(request, json));
            } catch (RoomcastException e) {
                throw batch ? atIndex(i, e) : e;
            }
        }
        return new Parsed(parsed, batch);
    }

    private PublishCommand fromJsonItem(JsonElement item) {
        if (!item.isJsonObject()) {
            throw RoomcastException.invalid("message", "must be a JSON object");
        }
        JsonObject object = item.getAsJsonObject();
        // The payload is kept as sent, so it never goes through the proto mapping.
        JsonElement payloadJson = object.remove(PAYLOAD);
        PublishRequest.Builder request = PublishRequestJson.map(object);
        Payload json = payloadJson == null ? null : Payload.json(payloadJson.toString());
        return commands.command(request.build(), json);
    }

    private static void checkNotEmpty(int items) {
        if (items == 0) {
            throw RoomcastException.invalid(BATCH, "a batch must hold at least one message");
        }
    }

    private static RoomcastException atIndex(int index, RoomcastException e) {
        return new RoomcastException(e.code(), BATCH + "[" + index + "]: " + e.getMessage());
    }
}
