package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.message.Scope;
import io.roomcast.testing.FuzzInputs;
import io.roomcast.testing.TestMessages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the Chronicle document reader: stored documents of every kind, damaged, read back with
 * their checksum left as written (what a torn or flipped page gives) or recomputed over the damage
 * (what a writer bug would give, so the parser itself is exercised past the checksum). Every
 * document either decodes to a message or fails with a RoomcastException (INTERNAL from the reader,
 * INVALID_ARGUMENT from an id in the header), which the store logs and skips; nothing else escapes.
 * Found by it: a payload that decodes to an invalid message was INVALID_ARGUMENT, now INTERNAL
 * (a damaged document) as the reader's Javadoc says. Whole damaged queue files: {@link DamagedQueueFuzzIT}.
 * Tries: {@code -Djqwik.tries.default} (see {@code scripts/fuzz.sh}).
 */
class StoredDocumentFuzzProperties {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            for (boolean state : new boolean[] {false, true}) {
                for (boolean binary : new boolean[] {false, true}) {
                    if (state && scope != Scope.ROOM) {
                        continue;
                    }
                    Message m = TestMessages.of(scope, state, binary, true);
                    seeds.add(StoredDocument.encode(m));
                    seeds.add(StoredDocument.encode(TestMessages.withKey(m, "idem-1")));
                }
            }
        }
        return List.copyOf(seeds);
    }

    @Provide
    Arbitrary<byte[]> documents() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.longs()).as(FuzzInputs::mutate);
    }

    private static byte[] withChecksum(byte[] doc) {
        if (doc.length < 4) {
            return doc;
        }
        byte[] out = doc.clone();
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length - 4, (int) crc.getValue());
        return out;
    }

    /** Found by the property below: a payload that decodes to a message without an id escaped as INVALID_ARGUMENT. */
    @Example
    void givenADamagedPayloadUnderAValidChecksum_decode_failsAsADamagedDocument() {
        byte[] doc = withChecksum(HexFormat.of().parseHex("0102020363000000000000007b70c2c79a0100007b70c2c79a010000097669657765"
                + "725f3432066964656d2d316b00000025f36b113010022003280532297b2273636f7265223a5b332c355d2c226e6f7465223a22636166"
                + "c3a920f09f9880205c22715c22227d38fbe089beac3340fbe089beac33486352077379732e626f7460fee089beac338201097669657765"
                + "725f34328a01066964656d2d3146efb41f"));
        StoredDocument.Header header = StoredDocument.parse(doc, doc.length);
        assertThatThrownBy(() -> StoredDocument.decode(doc, header)).isInstanceOfSatisfying(RoomcastException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Property
    void anyDamagedDocument_decodes_orFailsAsTheStoreSkipsIt(@ForAll("documents") byte[] damaged, @ForAll boolean fixChecksum) {
        byte[] doc = fixChecksum ? withChecksum(damaged) : damaged;
        try {
            StoredDocument.Header header = StoredDocument.parse(doc, doc.length);
            // The start-up pass builds the stream key from the header alone; a bad target is a RoomcastException.
            switch (header.scope()) {
                case ROOM -> RoomId.of(header.target());
                case UNICAST -> UserId.of(header.target());
                case BROADCAST -> assertThat(header.target()).isEmpty();
            }
            Message m;
            try {
                m = StoredDocument.decode(doc, header);
            } catch (RoomcastException e) {
                assertThat(e.code()).as("a damaged payload is INTERNAL: " + e.getMessage()).isEqualTo(ErrorCode.INTERNAL);
                return;
            }
            assertThat(m.isStored()).isTrue();
        } catch (RoomcastException e) {
            assertThat(e.code()).as(e.getMessage()).isIn(ErrorCode.INTERNAL, ErrorCode.INVALID_ARGUMENT);
        }
    }
}
