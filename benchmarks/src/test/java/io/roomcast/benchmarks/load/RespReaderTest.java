package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespReaderTest {
    private static final String SUBSCRIBED = "*3\r\n$9\r\nsubscribe\r\n$4\r\nroom\r\n:1\r\n";

    /** Records what the reader hands over, one line per call. */
    private static class Recorder implements RespReader.Sink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void message(ByteBuf buf, int index, int length) {
            calls.add("message " + buf.toString(index, length, StandardCharsets.UTF_8));
        }

        @Override
        public void subscribed(long channels) {
            calls.add("subscribed " + channels);
        }

        @Override
        public void integer(long value) {
            calls.add("integer " + value);
        }

        @Override
        public void error(String text) {
            calls.add("error " + text);
        }
    }

    @Test
    void givenOneMessagePush_feed_handsOverItsPayload() {
        Recorder sink = feed(List.of(message("hello")));

        assertThat(sink.calls).containsExactly("message hello");
    }

    @Test
    void givenSeveralFramesInOneBuffer_feed_handsOverEachInOrder() {
        Recorder sink = feed(List.of(SUBSCRIBED + message("one") + message("two") + ":10000\r\n"
                + "-ERR max number of clients reached\r\n" + "+OK\r\n" + message("three")));

        assertThat(sink.calls).containsExactly("subscribed 1", "message one", "message two", "integer 10000",
                "error ERR max number of clients reached", "message three");
    }

    @Test
    void givenFramesSplitAtEveryByte_feed_handsOverTheSameAsWhole() {
        String stream = SUBSCRIBED + message("one") + ":3\r\n" + message("a payload of some length") + message("");
        List<String> bytes = new ArrayList<>();
        for (char c : stream.toCharArray()) {
            bytes.add(String.valueOf(c));
        }

        assertThat(feed(bytes).calls).containsExactly("subscribed 1", "message one", "integer 3",
                "message a payload of some length", "message ");
    }

    @Test
    void givenFramesSplitAtRandomPoints_feed_handsOverEveryMessageOnceInOrder() {
        StringBuilder stream = new StringBuilder(SUBSCRIBED);
        List<String> expected = new ArrayList<>(List.of("subscribed 1"));
        for (int i = 0; i < 500; i++) {
            String payload = Payloads.json(1_767_225_600_000_000L + i, 100);
            stream.append(message(payload));
            expected.add("message " + payload);
        }
        Random random = new Random(7);
        List<String> reads = new ArrayList<>();
        for (int at = 0; at < stream.length(); ) {
            int n = Math.min(stream.length() - at, 1 + random.nextInt(300));
            reads.add(stream.substring(at, at + n));
            at += n;
        }

        assertThat(feed(reads).calls).containsExactlyElementsOf(expected);
    }

    @Test
    void givenAPayloadHoldingCrLf_feed_readsItByItsLength() {
        assertThat(feed(List.of(message("a\r\nb"), message("c"))).calls).containsExactly("message a\r\nb", "message c");
    }

    @Test
    void givenTheLoadPayload_message_carriesThePublishTime() {
        long micros = 1_767_225_600_123_456L;
        List<Long> published = new ArrayList<>();
        RespReader reader = new RespReader(new Recorder() {
            @Override
            public void message(ByteBuf buf, int index, int length) {
                published.add(Payloads.publishedAt(buf, index, length));
            }
        });

        reader.feed(ascii("xx" + message(Payloads.json(micros, 100))).skipBytes(2));

        assertThat(published).containsExactly(micros);
    }

    @Test
    void givenOtherPushesAndNullReplies_feed_passesThemOver() {
        Recorder sink = feed(List.of("*3\r\n$11\r\nunsubscribe\r\n$4\r\nroom\r\n:0\r\n" + "$-1\r\n" + "*-1\r\n"
                + "*4\r\n$8\r\npmessage\r\n$2\r\nr*\r\n$4\r\nroom\r\n$1\r\nx\r\n" + "$4\r\nPONG\r\n" + message("after")));

        assertThat(sink.calls).containsExactly("message after");
    }

    @Test
    void givenBytesThatAreNotResp_feed_throws() {
        RespReader reader = new RespReader(new Recorder());

        assertThatThrownBy(() -> reader.feed(ascii("HTTP/1.1 200 OK\r\n"))).isInstanceOf(CorruptedFrameException.class);
        assertThatThrownBy(() -> new RespReader(new Recorder()).feed(ascii("*3\r\n*1\r\n")))
                .isInstanceOf(CorruptedFrameException.class);
        assertThatThrownBy(() -> new RespReader(new Recorder()).feed(ascii(":12\n")))
                .isInstanceOf(CorruptedFrameException.class);
    }

    @Test
    void givenABulkStringAboveTheLimit_feed_throwsBeforeWaitingForIt() {
        RespReader reader = new RespReader(new Recorder());

        assertThatThrownBy(() -> reader.feed(ascii("$" + (RespReader.MAX_BULK_BYTES + 1) + "\r\n")))
                .isInstanceOf(CorruptedFrameException.class);
    }

    private static String message(String payload) {
        return "*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$" + payload.getBytes(StandardCharsets.UTF_8).length + "\r\n" + payload + "\r\n";
    }

    private static Recorder feed(List<String> reads) {
        Recorder sink = new Recorder();
        RespReader reader = new RespReader(sink);
        for (String read : reads) {
            ByteBuf in = ascii(read);
            reader.feed(in);
            assertThat(in.isReadable()).isFalse();
        }
        return sink;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
