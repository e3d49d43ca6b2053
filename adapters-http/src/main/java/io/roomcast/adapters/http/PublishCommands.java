package io.roomcast.adapters.http;

import com.google.protobuf.ByteString;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.IdempotencyKey;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.protocol.v1.PublishRequest;
import java.util.function.Function;

/**
 * One parsed {@code PublishRequest} to a {@link PublishCommand}: picks the payload (JSON or
 * binary, not both, at most the publish rule's size) and maps the fields; the command validates
 * addressing and ranges itself. A bad id is reported under its field ({@code roomId: ...}).
 * Thread-safe.
 */
final class PublishCommands {
    private final int maxPayloadBytes;

    /** @param maxPayloadBytes the largest payload a message may carry (the publish rule's limit) */
    PublishCommands(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The command of {@code request}, whose JSON payload, if it has one, is {@code json} (else null). */
    PublishCommand command(PublishRequest request, Payload json) {
        return toCommand(request, payload(json, request.getBinaryPayload()));
    }

    private Payload payload(Payload json, ByteString binary) {
        if (json != null && !binary.isEmpty()) {
            throw RoomcastException.invalid("payload", "send either payload or binaryPayload, not both");
        }
        Payload payload = json != null ? json : binary.isEmpty() ? Payload.emptyJson() : Payload.binary(binary.toByteArray());
        if (payload.size() > maxPayloadBytes) {
            throw new RoomcastException(ErrorCode.TOO_LARGE, "payload: " + payload.size()
                    + " bytes is over the limit of " + maxPayloadBytes);
        }
        return payload;
    }

    private static PublishCommand toCommand(PublishRequest r, Payload payload) {
        Scope scope = Scope.parse(RoomcastException.required(emptyToNull(r.getScope()), "scope"));
        Category category = Category.parse(RoomcastException.required(emptyToNull(r.getCategory()), "category"));
        Priority priority = r.hasPriority() ? Priority.parse(r.getPriority()) : null;
        return new PublishCommand(
                scope,
                optional("roomId", r.getRoomId(), RoomId::of),
                optional("userId", r.getUserId(), UserId::of),
                category,
                priority,
                r.getGiftValue(),
                optional("senderId", r.getSenderId(), UserId::of),
                payload,
                optional("stateKey", r.getStateKey(), StateKey::of),
                r.hasVersion() ? r.getVersion() : 0,
                optional("idempotencyKey", r.getIdempotencyKey(), IdempotencyKey::of));
    }

    /** An id from a string field, empty meaning absent; a bad one is reported under {@code field}. */
    private static <T> T optional(String field, String value, Function<String, T> of) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return of.apply(value);
        } catch (RoomcastException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw RoomcastException.invalid(field, colon >= 0 ? message.substring(colon + 2) : message);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
