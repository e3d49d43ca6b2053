package io.roomcast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.MessageArbitraries;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MessageCodecProperties {

    @Property
    void anyMessage_encodeThenDecode_isEqual(@ForAll("messages") Message message) {
        assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
    }

    @Property
    void anyBlock_toProtoThenBack_isEqual(@ForAll("blocks") Block block) {
        assertThat(BlockCodec.fromProto(BlockCodec.toProto(block))).isEqualTo(block);
    }

    @Property
    void anySkipCounts_toProtoThenBack_isEqual(@ForAll("skipCounts") SkipCounts counts) {
        assertThat(SkippedCodec.fromProto(SkippedCodec.toProto(counts))).isEqualTo(counts);
    }

    @Property(tries = 5000)
    void anyBytes_decode_givesAMessageOrInvalidArgument(@ForAll("garbage") byte[] bytes) {
        assertDecodesOrRejects(bytes);
    }

    @Property
    void anyCorruptedEncoding_decode_givesAMessageOrInvalidArgument(@ForAll("messages") Message message,
                                                                     @ForAll("fractions") double where,
                                                                     @ForAll byte noise) {
        byte[] bytes = MessageCodec.encode(message);
        int at = (int) (where * bytes.length);
        byte[] truncated = Arrays.copyOf(bytes, at);
        byte[] flipped = bytes.clone();
        if (at < flipped.length) {
            flipped[at] ^= noise == 0 ? 1 : noise;
        }

        assertDecodesOrRejects(truncated);
        assertDecodesOrRejects(flipped);
    }

    private static void assertDecodesOrRejects(byte[] bytes) {
        try {
            Message decoded = MessageCodec.decode(bytes);
            // Whatever decodes is a valid message and encodes again.
            assertThat(MessageCodec.decode(MessageCodec.encode(decoded))).isEqualTo(decoded);
        } catch (RoomcastException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.messages();
    }

    @Provide
    Arbitrary<Block> blocks() {
        return MessageArbitraries.blocks();
    }

    @Provide
    Arbitrary<SkipCounts> skipCounts() {
        return MessageArbitraries.skipCounts();
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1);
    }
}
