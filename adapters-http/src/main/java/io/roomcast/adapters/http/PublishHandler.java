package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.roomcast.application.port.in.PublishMessageUseCase;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.policy.Outcome;
import io.roomcast.protocol.v1.PublishBatchResponse;
import io.roomcast.protocol.v1.PublishResponse;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * {@code POST /api/v1/messages}: a business server publishes one message or a batch.
 *
 * <p>On the IO thread: the API key (401), the media type (415) and the announced length are
 * checked, then the body is received asynchronously; no more than {@code maxBodyBytes} of it is
 * ever held (413 beyond, see {@link Body}). Then on a worker: the body is parsed and every item
 * validated (one bad item: 400 naming it, nothing published), the commands are published, and
 * the answer is 202 with one result, or {@code {"results":[...]}} for a batch (whichever batch
 * form was sent).
 *
 * <p>Bodies: {@code application/json}; {@code application/x-protobuf} for a binary
 * {@code PublishRequest}, or {@code application/x-protobuf; proto=roomcast.v1.PublishBatch} for a
 * binary batch. Answers are JSON, or protobuf ({@code PublishResponse} /
 * {@code PublishBatchResponse}) with {@code Accept: application/x-protobuf}. Thread-safe.
 */
final class PublishHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    static final String SINGLE_TYPE = "roomcast.v1.PublishRequest";
    static final String BATCH_TYPE = "roomcast.v1.PublishBatch";

    /** What a body holds, from its {@code Content-Type}. */
    enum Format { JSON, PROTOBUF, PROTOBUF_BATCH }

    private final Credentials credentials;
    private final PublishRequests requests;
    private final PublishMessageUseCase publish;
    private final HttpMetrics metrics;
    private final int maxBodyBytes;

    PublishHandler(Credentials credentials, PublishRequests requests, PublishMessageUseCase publish,
                   HttpMetrics metrics, int maxBodyBytes) {
        this.credentials = credentials;
        this.requests = requests;
        this.publish = publish;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        credentials.checkApiKey(exchange);
        Format format = format(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        long length = exchange.getRequestContentLength();
        if (length == 0) {
            throw RoomcastException.invalid("body", "is empty");
        }
        if (length > drainLimit(maxBodyBytes)) {
            exchange.setPersistent(false);
            throw tooLarge();
        }
        Body body = new Body(format, length);
        exchange.getRequestReceiver().receivePartialBytes(body, body);
    }

    /**
     * The body as it arrives, on the IO thread. Up to {@code maxBodyBytes} are kept; past that the
     * rest is read and dropped, up to {@link #drainLimit}, so that the 413 reaches a client that is
     * still sending (closing with unread data would reset the connection and lose the answer). A
     * body longer than that is cut off: 413 and close.
     */
    private final class Body implements Receiver.PartialBytesCallback, Receiver.ErrorCallback {
        private final Format format;
        private byte[] kept;
        private int length;
        private long dropped;
        private boolean answered;

        Body(Format format, long announced) {
            this.format = format;
            this.kept = new byte[(int) Math.max(256, Math.min(announced, maxBodyBytes))];
        }

        @Override
        public void handle(HttpServerExchange exchange, byte[] data, boolean last) {
            if (answered) {
                return;
            }
            if (kept != null && length + data.length <= maxBodyBytes) {
                if (length + data.length > kept.length) {
                    kept = Arrays.copyOf(kept, (int) Math.min(maxBodyBytes, Math.max(2L * kept.length, length + data.length)));
                }
                System.arraycopy(data, 0, kept, length, data.length);
                length += data.length;
            } else {
                dropped += (kept != null ? length : 0) + data.length;
                kept = null;
                if (dropped > drainLimit(maxBodyBytes) && !last) {
                    answered = true;
                    exchange.getRequestReceiver().pause();
                    exchange.setPersistent(false);
                    Errors.send(exchange, tooLarge());
                    return;
                }
            }
            if (last) {
                answered = true;
                if (kept == null) {
                    Errors.send(exchange, tooLarge());
                } else {
                    byte[] whole = length == kept.length ? kept : Arrays.copyOf(kept, length);
                    kept = null;
                    exchange.dispatch(() -> publish(exchange, whole, format));
                }
            }
        }

        @Override
        public void error(HttpServerExchange exchange, IOException failure) {
            if (answered) {
                return;
            }
            answered = true;
            if (failure instanceof RequestTooBigException || failure instanceof Receiver.RequestToLargeException) {
                exchange.setPersistent(false);
                Errors.send(exchange, tooLarge());
            } else {
                LOG.debug("publish body not received: {}", failure.toString());
                IoUtils.safeClose(exchange.getConnection());
            }
        }
    }

    /** How much of an oversized body is read and dropped before the 413, so the client hears it. */
    static long drainLimit(int maxBodyBytes) {
        return Math.max(4L * maxBodyBytes, 4L * 1024 * 1024);
    }

    /**
     * The connection-level body limit for the server ({@code MAX_ENTITY_SIZE}): above the drain
     * limit, so {@link Body} answers first; Undertow itself drops a connection past it.
     */
    static long connectionLimit(int maxBodyBytes) {
        return drainLimit(maxBodyBytes) + 1024 * 1024;
    }

    private void publish(HttpServerExchange exchange, byte[] body, Format format) {
        try {
            if (body.length == 0) {
                throw RoomcastException.invalid("body", "is empty");
            }
            PublishRequests.Parsed parsed = format == Format.JSON
                    ? requests.fromJson(body)
                    : requests.fromProtobuf(body, format == Format.PROTOBUF_BATCH);
            List<PublishResult> results = parsed.batch()
                    ? publish.publishAll(parsed.commands())
                    : List.of(publish.publish(parsed.commands().get(0)));
            for (PublishResult result : results) {
                metrics.published(result);
            }
            boolean asProtobuf = Responses.wantsProtobuf(exchange);
            Message answer = parsed.batch()
                    ? PublishBatchResponse.newBuilder().addAllResults(results.stream().map(PublishHandler::toProto).toList())
                            .build()
                    : toProto(results.get(0));
            exchange.setStatusCode(202);
            Responses.send(exchange, asProtobuf ? Responses.PROTOBUF : Responses.JSON,
                    asProtobuf ? answer.toByteArray() : json(answer));
        } catch (Exception e) {
            Errors.send(exchange, e);
        }
    }

    static PublishResponse toProto(PublishResult result) {
        PublishResponse.Builder b = PublishResponse.newBuilder()
                .setId(result.id().value())
                .setPriority(result.priority().name());
        if (result.outcome() instanceof Outcome.Discarded discarded) {
            b.setStatus("discarded").setReason(discarded.reason().wireName());
        } else {
            b.setStatus("accepted").setCursor(result.cursor().encode()).setCreatedAt(result.cursor().millis());
        }
        return b.build();
    }

    private static byte[] json(Message answer) throws InvalidProtocolBufferException {
        return answer instanceof PublishBatchResponse batch
                ? PublishAnswerJson.of(batch) : PublishAnswerJson.of((PublishResponse) answer);
    }

    private RoomcastException tooLarge() {
        return new RoomcastException(ErrorCode.TOO_LARGE, "body: over the limit of " + maxBodyBytes + " bytes");
    }

    /** The body's format from its media type; anything else is 415. */
    static Format format(String contentType) {
        if (contentType == null) {
            throw HttpProblem.unsupportedMediaType(
                    "Content-Type is missing: send application/json or application/x-protobuf");
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        if (type.equalsIgnoreCase(Responses.JSON)) {
            return Format.JSON;
        }
        if (type.equalsIgnoreCase(Responses.PROTOBUF)) {
            String proto = semicolon < 0 ? null : parameter(contentType.substring(semicolon + 1), "proto");
            if (proto == null || proto.equals(SINGLE_TYPE)) {
                return Format.PROTOBUF;
            }
            if (proto.equals(BATCH_TYPE)) {
                return Format.PROTOBUF_BATCH;
            }
            throw HttpProblem.unsupportedMediaType("Content-Type: proto=" + Errors.shorten(proto)
                    + " is not accepted here; use " + SINGLE_TYPE + " (the default) or " + BATCH_TYPE);
        }
        throw HttpProblem.unsupportedMediaType("Content-Type " + Errors.shorten(type)
                + " is not accepted: send application/json or application/x-protobuf");
    }

    /** The value of parameter {@code name} in {@code "a=1; b=\"2\""}, or null. */
    private static String parameter(String parameters, String name) {
        int from = 0;
        while (from < parameters.length()) {
            int end = parameters.indexOf(';', from);
            if (end < 0) {
                end = parameters.length();
            }
            String part = parameters.substring(from, end).strip();
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = part.substring(eq + 1).strip();
                boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
                return quoted ? value.substring(1, value.length() - 1) : value;
            }
            from = end + 1;
        }
        return null;
    }
}
