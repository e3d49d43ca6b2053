package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckWindowTest {
    private static final long MS = 1_000_000L;

    @Test
    void givenNothingUnacknowledged_window_isNeverBehind() {
        AckWindow w = new AckWindow(500, 1_000);
        assertThat(w.behind(Long.MAX_VALUE)).isFalse();
        w.sent(0, 1);
        assertThat(w.acked(1)).isTrue();
        assertThat(w.behind(10_000 * MS)).isFalse();
    }

    @Test
    void givenTheOldestUnacknowledgedBlockOlderThanTheLag_window_isBehind_untilItIsAcknowledged() {
        AckWindow w = new AckWindow(500, 1_000);
        w.sent(0, 1);
        w.sent(400 * MS, 1);
        assertThat(w.behind(500 * MS)).as("exactly the lag is not past it").isFalse();
        assertThat(w.behind(501 * MS)).isTrue();
        assertThat(w.acked(1)).isTrue();
        assertThat(w.behind(501 * MS)).as("the oldest now is 101 ms old").isFalse();
        assertThat(w.behind(901 * MS)).isTrue();
        assertThat(w.unacked()).isEqualTo(1);
    }

    @Test
    void givenMoreBlocksThanItsRing_window_grows_andKeepsTheOrder() {
        AckWindow w = new AckWindow(1, 1_000);
        for (int i = 0; i < 40; i++) {
            w.sent(i * MS, 1);
            if (i == 10) {
                assertThat(w.acked(5)).isTrue(); // the ring's head moves before it grows
            }
        }
        assertThat(w.unacked()).isEqualTo(35);
        assertThat(w.acked(20)).isTrue();
        assertThat(w.behind(21 * MS)).as("block 20, written at 20 ms, is the oldest").isFalse();
        assertThat(w.behind(22 * MS)).isTrue();
        assertThat(w.acked(40)).isTrue();
        assertThat(w.unacked()).isZero();
    }

    @Test
    void givenACountAboveTheBlocksWritten_orNegative_window_refusesIt_andAnOldCountChangesNothing() {
        AckWindow w = new AckWindow(500, 1_000);
        w.sent(0, 1);
        w.sent(0, 1);
        assertThat(w.acked(3)).isFalse();
        assertThat(w.acked(-1)).as("an unsigned count past Long.MAX_VALUE").isFalse();
        assertThat(w.acked(2)).isTrue();
        assertThat(w.acked(1)).isTrue();
        assertThat(w.unacked()).isZero();
    }

    @Test
    void givenTheUnacknowledgedBytesAtTheWindow_window_isBehind_untilEnoughIsAcknowledged() {
        AckWindow w = new AckWindow(500, 1_000);
        w.sent(0, 600);
        assertThat(w.behind(0)).isFalse();
        w.sent(0, 400);
        assertThat(w.behind(0)).isTrue();
        assertThat(w.acked(1)).isTrue();
        assertThat(w.behind(0)).isFalse();
        w.sent(0, 5_000); // one block bigger than the window still goes when nothing waits
        assertThat(w.behind(0)).isTrue();
        assertThat(w.acked(3)).isTrue();
        assertThat(w.behind(0)).isFalse();
    }
}
