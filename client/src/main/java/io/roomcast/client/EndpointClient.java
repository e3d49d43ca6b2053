package io.roomcast.client;

import com.google.protobuf.util.JsonFormat;
import io.roomcast.protocol.v1.EndpointResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Asks roomcast's HTTP API where to open a long connection:
 * {@code GET /api/v1/endpoint?roomId=r1} with {@code Authorization: Bearer <user token>}, answered
 * {@code {"tcp":["host:9443",...],"heartbeatMs":30000}} (read with protobuf's {@code JsonFormat}
 * into {@link EndpointResponse}). Thread-safe.
 */
public final class EndpointClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;

    /** @param base the HTTP API's root, e.g. {@code https://roomcast.example:8080} */
    public EndpointClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    public EndpointClient(URI base, HttpClient http) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * @throws RoomcastHttpException for an answer other than 200 (e.g. 401 for a bad token)
     * @throws IOException           when the server cannot be reached or the answer is not an endpoint answer
     */
    public EndpointResponse fetch(String roomId, String userToken) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/endpoint?roomId=" + URLEncoder.encode(roomId, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", HttpAnswers.JSON).GET();
        if (userToken != null && !userToken.isEmpty()) {
            request.header("Authorization", "Bearer " + userToken);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw HttpAnswers.error(response);
        }
        EndpointResponse.Builder answer = EndpointResponse.newBuilder();
        if (HttpAnswers.contentType(response).startsWith(HttpAnswers.PROTOBUF)) {
            answer.mergeFrom(response.body());
        } else {
            JsonFormat.parser().ignoringUnknownFields().merge(new String(response.body(), StandardCharsets.UTF_8), answer);
        }
        if (answer.getTcpCount() == 0) {
            throw new IOException("the endpoint answer names no long-connection endpoint");
        }
        return answer.build();
    }
}
