package io.roomcast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran. Leaks are found when a
 * leaked buffer is garbage-collected and the detector next tracks an allocation, so this collects
 * garbage and allocates a few tracked buffers before it looks at {@link LeakRecorder}. Runs with
 * the build's {@code -Dio.netty.leakDetection.level=paranoid}.
 */
public final class NoLeaks implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        check(context.getDisplayName());
    }

    /** The same check, for test engines without JUnit extensions (jqwik: call it from an {@code @AfterContainer}). */
    public static void check(String name) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (ByteBufAllocator alloc : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
                for (int i = 0; i < 16; i++) {
                    ByteBuf probe = alloc.directBuffer(1);
                    probe.release();
                    probe = alloc.heapBuffer(1);
                    probe.release();
                }
            }
        }
        assertThat(ResourceLeakDetector.getLevel()).as("the build runs tests with paranoid leak detection")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(LeakRecorder.drain()).as("Netty LEAK reports in " + name).isEmpty();
    }
}
