package io.roomcast.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.in.SessionHello;
import io.roomcast.application.port.in.SessionSettings;
import io.roomcast.application.port.in.ViewerSession;
import io.roomcast.application.port.out.TaskLoop;
import io.roomcast.domain.message.RoomId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketReceiverTest {
    /** An idle time no test run comes near, so a check run at once always finds the connection fresh. */
    private static final long IDLE_MS = 3_600_000;
    private static final SessionSettings SETTINGS = new SessionSettings(15_000, 10_000, IDLE_MS, 30_000, 0,
            64 * 1024, 1_000, 100);

    private final StepLoop loop = new StepLoop();
    private final RecordingSession session = new RecordingSession();

    private WebSocketReceiver started(boolean json) {
        WebSocketReceiver receiver = new WebSocketReceiver(loop, SETTINGS, json);
        receiver.start(session);
        return receiver;
    }

    @Test
    void eachFrame_becomesOneCallOnTheSession() throws Exception {
        WebSocketReceiver receiver = started(true);

        for (String frame : new String[] {"{\"hello\":{\"token\":\"t\",\"roomId\":\"r1\",\"cursor\":\"c\",\"acks\":true}}",
                "{\"join\":{\"roomId\":\"r2\"}}", "{\"leave\":{\"roomId\":\"r2\"}}", "{\"ping\":{}}",
                "{\"ack\":{\"blocks\":3}}", "{}"}) {
            receiver.dispatch(WebSocketFrames.parseJson(frame));
        }

        assertThat(session.calls).containsExactly("hello " + new SessionHello("t", "r1", "c", true), "join r2",
                "leave r2", "ping", "ack 3", "unknownFrame");
    }

    @Test
    void messageLimits_areTheFrameLimit_andFourTimesItForJsonText() {
        WebSocketReceiver receiver = started(false);

        assertThat(receiver.getMaxBinaryBufferSize()).isEqualTo(1_000);
        assertThat(receiver.getMaxTextBufferSize()).isEqualTo(4_000);
    }

    @Test
    void givenRecentTraffic_theIdleCheck_waitsAgainForTheRest() {
        started(false);
        assertThat(loop.delays).containsExactly(IDLE_MS);

        loop.runScheduled();

        assertThat(session.calls).isEmpty();
        assertThat(loop.delays).hasSize(1);
        assertThat(loop.delays.get(0)).isBetween(1L, IDLE_MS);
    }

    @Test
    void givenStopped_theIdleCheck_isCancelled_andFailsNothing() {
        WebSocketReceiver receiver = started(false);

        receiver.stop();
        assertThat(loop.cancelled).isEqualTo(1);
        loop.runScheduled();

        assertThat(session.calls).isEmpty();
        assertThat(loop.delays).isEmpty();
    }

    /** Keeps scheduled tasks until the test runs them; counts cancels. */
    private static final class StepLoop implements TaskLoop {
        final List<Long> delays = new ArrayList<>();
        final List<Runnable> tasks = new ArrayList<>();
        int cancelled;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Timer schedule(Runnable task, long delayMillis) {
            delays.add(delayMillis);
            tasks.add(task);
            return () -> cancelled++;
        }

        void runScheduled() {
            List<Runnable> due = List.copyOf(tasks);
            tasks.clear();
            delays.clear();
            due.forEach(Runnable::run);
        }
    }

    /** Records each call a frame or a check makes, as text. */
    private static final class RecordingSession implements ViewerSession {
        final List<String> calls = new ArrayList<>();

        @Override
        public String id() {
            return "s1";
        }

        @Override
        public void connected() {
        }

        @Override
        public void hello(SessionHello hello) {
            calls.add("hello " + hello);
        }

        @Override
        public void join(String roomId) {
            calls.add("join " + roomId);
        }

        @Override
        public void leave(String roomId) {
            calls.add("leave " + roomId);
        }

        @Override
        public void ping() {
            calls.add("ping");
        }

        @Override
        public void ack(long blocks) {
            calls.add("ack " + blocks);
        }

        @Override
        public void unknownFrame() {
            calls.add("unknownFrame");
        }

        @Override
        public void writable() {
            calls.add("writable");
        }

        @Override
        public void caughtUp() {
            calls.add("caughtUp");
        }

        @Override
        public void goAway(long reconnectAfterMs, List<String> endpoints) {
            calls.add("goAway");
        }

        @Override
        public void fail(String code, String message) {
            calls.add("fail " + code + ": " + message);
        }

        @Override
        public void closed() {
            calls.add("closed");
        }

        @Override
        public boolean isClosing() {
            return false;
        }

        @Override
        public RoomId room() {
            return null;
        }

        @Override
        public int pending() {
            return 0;
        }
    }
}
