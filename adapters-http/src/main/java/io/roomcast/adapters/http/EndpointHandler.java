package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.RoomId;
import io.roomcast.protocol.v1.EndpointResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/endpoint?roomId=r1} with a user token: where to open a long connection,
 * {@code {"tcp":["host:9443"],"heartbeatMs":30000}} (the configured endpoints, the same for every
 * room on a single node; {@code "tcp":[]} when none is configured: poll instead). The answer is
 * encoded once. Thread-safe.
 */
final class EndpointHandler implements HttpHandler {
    private final UserTokens tokens;
    private final byte[] json;
    private final byte[] protobuf;

    EndpointHandler(UserTokens tokens, HttpConfig config) {
        this.tokens = tokens;
        EndpointResponse answer = EndpointResponse.newBuilder()
                .addAllTcp(config.advertisedTcpEndpoints())
                .setHeartbeatMs(config.heartbeatMs())
                .build();
        this.protobuf = answer.toByteArray();
        try {
            this.json = JsonFormat.printer().omittingInsignificantWhitespace().alwaysPrintFieldsWithNoPresence()
                    .print(answer).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an EndpointResponse always prints", e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (Credentials.bearer(exchange) == null) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED,
                    "missing user token: send 'Authorization: Bearer <user token>'");
        }
        PollHandler.user(tokens, exchange);
        RoomId.of(RoomcastException.required(emptyToNull(Responses.query(exchange, "roomId")), "roomId"));
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        exchange.setStatusCode(200);
        Responses.send(exchange, asProtobuf ? Responses.PROTOBUF : Responses.JSON, asProtobuf ? protobuf : json);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
