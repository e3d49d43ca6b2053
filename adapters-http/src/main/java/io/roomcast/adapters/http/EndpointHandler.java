package io.roomcast.adapters.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.roomcast.application.port.in.AllocateEndpointUseCase;
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
 * {@code {"tcp":["host:9443",...],"heartbeatMs":30000}}, the node to try first first (chosen per
 * request by {@link AllocateEndpointUseCase}, by room and load; {@code "tcp":[]} when no node has
 * long connections: poll instead). Thread-safe.
 */
final class EndpointHandler implements HttpHandler {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace()
            .alwaysPrintFieldsWithNoPresence();

    private final UserTokens tokens;
    private final AllocateEndpointUseCase endpoints;
    private final int heartbeatMs;

    EndpointHandler(UserTokens tokens, AllocateEndpointUseCase endpoints, int heartbeatMs) {
        this.tokens = tokens;
        this.endpoints = endpoints;
        this.heartbeatMs = heartbeatMs;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (Credentials.bearer(exchange) == null) {
            throw new RoomcastException(ErrorCode.UNAUTHENTICATED,
                    "missing user token: send 'Authorization: Bearer <user token>'");
        }
        PollHandler.user(tokens, exchange);
        RoomId room = RoomId.of(RoomcastException.required(emptyToNull(Responses.query(exchange, "roomId")), "roomId"));
        EndpointResponse answer = EndpointResponse.newBuilder()
                .addAllTcp(endpoints.endpoints(room, false))
                .setHeartbeatMs(heartbeatMs)
                .build();
        boolean asProtobuf = Responses.wantsProtobuf(exchange);
        exchange.setStatusCode(200);
        Responses.send(exchange, asProtobuf ? Responses.PROTOBUF : Responses.JSON,
                asProtobuf ? answer.toByteArray() : json(answer));
    }

    private static byte[] json(EndpointResponse answer) {
        try {
            return JSON.print(answer).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an EndpointResponse always prints", e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
