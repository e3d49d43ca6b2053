package io.roomcast.adapters.http;

import io.roomcast.application.port.in.GetRoomStatsUseCase;
import io.roomcast.application.port.in.RoomStats;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.policy.DropReason;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/rooms/{roomId}}: what this node knows of a room, always JSON:
 * {@code {"roomId":"r1","online":12,"published":340,"publishedPerSecond":3.4,"discarded":{"overload":5},
 * "countedSince":1764288000000}} ({@code discarded} lists only reasons that happened; the counts
 * are this node's since {@code countedSince}, its start in epoch ms). A room never seen answers
 * zeros. Thread-safe.
 */
final class RoomStatsHandler implements HttpHandler {
    private final GetRoomStatsUseCase stats;

    RoomStatsHandler(GetRoomStatsUseCase stats) {
        this.stats = stats;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        RoomStats s = stats.stats(RoomId.of(Router.roomIdOf(exchange.getRelativePath())));
        exchange.setStatusCode(200);
        Responses.send(exchange, Responses.JSON, json(s));
    }

    static byte[] json(RoomStats s) {
        // Room ids hold only [A-Za-z0-9_.-]: nothing to escape.
        StringBuilder out = new StringBuilder(128)
                .append("{\"roomId\":\"").append(s.room().value())
                .append("\",\"online\":").append(s.online())
                .append(",\"published\":").append(s.published())
                .append(",\"publishedPerSecond\":").append(Double.isFinite(s.publishedPerSecond()) ? s.publishedPerSecond() : 0)
                .append(",\"discarded\":{");
        boolean first = true;
        for (DropReason reason : DropReason.values()) {
            Long count = s.discarded().get(reason);
            if (count != null) {
                out.append(first ? "\"" : ",\"").append(reason.wireName()).append("\":").append(count);
                first = false;
            }
        }
        return out.append("},\"countedSince\":").append(s.countedSinceMillis()).append('}').toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
