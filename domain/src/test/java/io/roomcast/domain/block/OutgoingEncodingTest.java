package io.roomcast.domain.block;

import static io.roomcast.domain.TestMessages.ROOM;
import static io.roomcast.domain.TestMessages.chat;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A room's block is encoded once per node, however many viewer loops ask for it at once. */
class OutgoingEncodingTest {
    private static final long T0 = 1_764_288_000_000L;

    private static Outgoing sharedBlock() {
        Message entry = chat(1, T0).sentAt(T0);
        return Outgoing.shared(new Block(new BlockHeader(ROOM, Cursor.ORIGIN.advance(entry), T0), List.of(entry), SkipCounts.NONE),
                List.of());
    }

    @Test
    void givenEncodedBlock_encodedAgain_returnsTheKeptEncoding() {
        Outgoing block = sharedBlock();
        AtomicInteger encodings = new AtomicInteger();
        Function<Block, Object> encode = b -> {
            encodings.incrementAndGet();
            return new Object();
        };

        Object first = block.encoded(encode);

        assertThat(block.<Object>encoded(encode)).isSameAs(first);
        assertThat(encodings).hasValue(1);
    }

    @Test
    void givenSharedBlocks_identity_isTheirOwnAndAViewersOwnBlockHasNone() {
        Outgoing one = sharedBlock();
        Outgoing other = sharedBlock();

        assertThat(one.identity()).isNotNull().isSameAs(one.identity()).isNotEqualTo(other.identity());
        assertThat(Outgoing.of(one.block()).identity()).as("a viewer's own block is never cached").isNull();
    }

    /** Without the wait the second loop would encode the block too: counted, so the test fails rather than hangs. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givenOneLoopEncoding_secondLoopAsks_waitsForTheSameBytesInsteadOfEncodingAgain() throws Exception {
        Outgoing block = sharedBlock();
        AtomicInteger encodings = new AtomicInteger();
        CountDownLatch encoding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Function<Block, Object> encode = b -> {
            encodings.incrementAndGet();
            encoding.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Object();
        };
        FutureTask<Object> first = new FutureTask<>(() -> block.encoded(encode));
        FutureTask<Object> second = new FutureTask<>(() -> block.encoded(encode));
        Thread firstLoop = new Thread(first, "loop-1");
        Thread secondLoop = new Thread(second, "loop-2");

        firstLoop.start();
        encoding.await();
        secondLoop.start();
        while (secondLoop.getState() != Thread.State.BLOCKED && encodings.get() == 1) {
            Thread.onSpinWait();
        }
        finish.countDown();

        assertThat(second.get()).isSameAs(first.get());
        assertThat(encodings).hasValue(1);
    }
}
