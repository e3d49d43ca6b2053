package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Position;
import org.junit.jupiter.api.Test;

class StreamIndexTest {

    @Test
    void givenEntriesAddedAndTrimmedPastCapacity_entriesKeepTheirOrderAndFields() {
        StreamIndex index = new StreamIndex();
        for (int i = 1; i <= 100; i++) {
            index.add(1000 + i, i, 10 * i, Category.values()[i % 4]);
            if (index.size() > 7) {
                index.removeOldest();
            }
        }
        assertThat(index.size()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            int n = 94 + i;
            assertThat(index.queueIndex(i)).isEqualTo(1000 + n);
            assertThat(index.seq(i)).isEqualTo(n);
            assertThat(index.millis(i)).isEqualTo(10L * n);
            assertThat(index.category(i)).isEqualTo(Category.values()[n % 4]);
        }
        assertThat(index.trimmedThrough()).isEqualTo(new Position(930, 93));
    }

    @Test
    void givenCursors_firstAfter_findsTheFirstLaterPosition() {
        StreamIndex index = new StreamIndex();
        index.add(1, 2, 100, Category.CHAT);
        index.add(2, 5, 100, Category.CHAT);
        index.add(3, 9, 200, Category.CHAT);
        assertThat(index.firstAfter(0)).isZero();
        assertThat(index.firstAfter(2)).isEqualTo(1);
        assertThat(index.firstAfter(4)).isEqualTo(1);
        assertThat(index.firstAfter(5)).isEqualTo(2);
        assertThat(index.firstAfter(8)).isEqualTo(2);
        assertThat(index.firstAfter(9)).isEqualTo(3);
        assertThat(index.firstAfter(1_000)).isEqualTo(3);
    }

    @Test
    void givenEverythingTrimmed_streamIsEmptyButRemembersTheTrimmedPosition() {
        StreamIndex index = new StreamIndex();
        index.add(1, 3, 30, Category.GIFT);
        index.removeOldest();
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.trimmedThrough()).isEqualTo(new Position(30, 3));
        index.trimmedAtLeast(new Position(1, 2));
        assertThat(index.trimmedThrough()).isEqualTo(new Position(30, 3));
        index.add(2, 4, 40, Category.PK);
        assertThat(index.position(0)).isEqualTo(new Position(40, 4));
        assertThat(index.category(0)).isEqualTo(Category.PK);
    }

    @Test
    void givenPositionNotAfterTheLast_add_isRejected() {
        StreamIndex index = new StreamIndex();
        index.add(1, 3, 30, Category.GIFT);
        assertThatThrownBy(() -> index.add(2, 3, 30, Category.GIFT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.add(2, 0, 30, Category.GIFT)).isInstanceOf(IllegalArgumentException.class);
    }
}
