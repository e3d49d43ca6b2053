package io.roomcast.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.domain.message.Message;
import io.roomcast.protocol.codec.MessageCodec;
import io.roomcast.protocol.json.JsonMessages;
import io.roomcast.testing.TestMessages;
import org.junit.jupiter.api.Test;

/** Protobuf is the compact form: the reason the long connection and storage use it. */
class EncodingSizeTest {

    @Test
    void givenRealisticGift_protobuf_isSmallerThanJson() {
        Message gift = TestMessages.giftWorth(520);

        int protobuf = MessageCodec.encode(gift).length;
        int json = new JsonMessages().message(gift).length();

        // The payload (the same JSON text in both) dominates; protobuf saves on the envelope.
        assertThat(protobuf).isLessThan(json);
    }
}
