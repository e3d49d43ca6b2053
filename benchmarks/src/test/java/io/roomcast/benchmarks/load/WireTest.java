package io.roomcast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void given300_varint_isAc02() {
        ByteBuf buf = Unpooled.buffer();
        LeanViewers.writeVarint(buf, 300);
        assertThat(buf.getUnsignedByte(0)).isEqualTo((short) 0xac);
        assertThat(buf.getUnsignedByte(1)).isEqualTo((short) 0x02);
        assertThat(Wire.varintSize(buf, 0, 2)).isEqualTo(2);
        assertThat(Wire.varint(buf, 0)).isEqualTo(300);
    }

    @Test
    void givenAVarintCutShort_size_isUnknown() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xac, 0x02});
        assertThat(Wire.varintSize(buf, 0, 1)).isEqualTo(-1);
    }

    @Test
    void givenALengthDelimitedField_fieldSize_countsTagLengthAndContent() {
        // Field 2, wire type 2, length 3: 12 03 61 62 63
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x12, 0x03, 'a', 'b', 'c'});
        assertThat(Wire.fieldSize(buf, 0, 5)).isEqualTo(5);
        assertThat(Wire.fieldSize(buf, 0, 2)).isEqualTo(5);
        assertThat(Wire.fieldSize(buf, 0, 1)).isEqualTo(-1);
    }

    @Test
    void givenAVarintField_fieldSize_countsTagAndValue() {
        // Field 3, wire type 0, value 300: 18 ac 02
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x18, (byte) 0xac, 0x02});
        assertThat(Wire.fieldSize(buf, 0, 3)).isEqualTo(3);
        assertThat(Wire.fieldSize(buf, 0, 2)).isEqualTo(-1);
    }
}
