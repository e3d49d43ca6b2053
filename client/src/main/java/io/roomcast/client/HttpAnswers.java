package io.roomcast.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.protocol.v1.ErrorResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reading roomcast's HTTP answers: content types and error bodies. Stateless. */
final class HttpAnswers {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private HttpAnswers() {
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    /** The answer's {@code Retry-After} (whole seconds) in milliseconds, or -1 when it has none that reads. */
    static long retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Long.parseLong(value.trim())) * 1000;
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /** The error of a non-200 answer, read from its JSON or protobuf body when it has one. */
    static RoomcastHttpException error(HttpResponse<byte[]> response) {
        ErrorResponse.Builder error = ErrorResponse.newBuilder();
        String type = contentType(response);
        try {
            if (type.startsWith(PROTOBUF)) {
                error.mergeFrom(response.body());
            } else if (type.startsWith(JSON)) {
                JsonFormat.parser().ignoringUnknownFields().merge(new String(response.body(), StandardCharsets.UTF_8), error);
            }
        } catch (InvalidProtocolBufferException e) {
            // An unreadable error body: the status alone says enough.
        }
        return new RoomcastHttpException(response.statusCode(), error.getError().getCode(), error.getError().getMessage());
    }
}
