package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.block.Outgoing;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.testing.TestMessages;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A loop's kept frames: one frame per shared block, and a kept frame does not keep its block on the heap. */
class LoopOutputTest {
    private static final long T0 = 1_764_288_000_000L;
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final LoopOutput output = new LoopOutput(ch.eventLoop());
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @AfterEach
    void close() {
        output.clear();
        ch.finishAndReleaseAll();
    }

    private static Outgoing sharedBlock(long seq) {
        Message entry = TestFrames.stored(TestMessages.chat(TestMessages.ROOM, T0), seq).sentAt(T0);
        return Outgoing.shared(new Block(new BlockHeader(entry.roomId(), Cursor.ORIGIN.advance(entry), T0), List.of(entry),
                SkipCounts.NONE), List.of());
    }

    @Test
    void givenASharedBlock_writtenToTwoViewers_bothShareOneFrame() {
        Outgoing block = sharedBlock(1);

        ByteBuf first = output.frameOf(block, alloc);
        ByteBuf second = output.frameOf(block, alloc);

        assertThat(second.memoryAddress()).as("duplicates of the one kept frame").isEqualTo(first.memoryAddress());
        assertThat(second).isEqualTo(first);
        first.release();
        second.release();
    }

    /**
     * The frame stays kept for viewers that write the block later, but once nothing else holds the
     * block, neither does the loop: seconds of every room's messages stayed on the heap (promoted by
     * each young collection) while the block itself was the cache's key.
     */
    @Test
    void givenAKeptFrame_theBlockNobodyElseHolds_isCollected() {
        Outgoing block = sharedBlock(1);
        ByteBuf written = output.frameOf(block, alloc);
        written.release();
        WeakReference<Outgoing> gone = new WeakReference<>(block);
        block = null;

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return gone.get() == null;
        });
        assertThat(output.keptFrames()).as("the frame is still kept for a viewer that writes it late").isEqualTo(1);
    }
}
