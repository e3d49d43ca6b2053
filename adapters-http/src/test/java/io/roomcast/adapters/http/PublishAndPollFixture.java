package io.roomcast.adapters.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh {@link TestApi} per test and the two messages most tests publish, shared by the ITs of the
 * HTTP API's happy paths ({@code PublishIT}, {@code PollIT}, {@code ViewersIT}, {@code KeptAnswersIT},
 * {@code EndpointHealthMetricsIT}). A test may close {@link #api} and start its own with other settings.
 */
abstract class PublishAndPollFixture {
    static final String GIFT = """
            {"scope":"room","roomId":"r1","category":"GIFT","giftValue":500,"senderId":"u1",
             "payload":{"giftId":7,"name":"rocket \\u00e9","big":12345678901234567890,"f":1.50,"list":[1,null,true]}}""";
    static final String CHAT = """
            {"scope":"room","roomId":"r1","category":"CHAT","senderId":"u2","payload":{"text":"hi <all>"}}""";

    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }
}
