package io.roomcast.benchmarks.jmh;

import io.roomcast.domain.block.Block;
import io.roomcast.domain.block.BlockHeader;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.policy.SkipCounts;
import io.roomcast.protocol.codec.BlockCodec;
import io.roomcast.protocol.codec.MessageCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, as Markdown, how many bytes a message takes: protobuf against JSON for each kind, and
 * per message in a block of N against each message sent in its own frame. Deterministic (the
 * {@link LiveTraffic} seed), so the table changes only when the schema, the codecs or the sample
 * payloads do. A sizes report, not a benchmark: run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.roomcast.benchmarks.jmh.EncodingSizes}.
 *
 * <p>Every message is counted as a viewer receives it: stored (with its position) and handed
 * over ({@code sentAt} set). Payloads are the business server's JSON, carried as-is by both
 * encodings (protobuf as {@code bytes}, roomcast's JSON embedded as JSON), so the difference
 * between the encodings lies in the envelope around the payload.
 */
public final class EncodingSizes {
    private static final int MIX = 1_000;
    private static final int[] BLOCK_SIZES = {10, 50, 100, 1_000};

    private EncodingSizes() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        out.println("## Bytes per message: protobuf against JSON");
        out.println();
        out.println("One message as a viewer receives it (stored, `sentAt` set). protobuf: one encoded"
                + " `roomcast.v1.Message` (`MessageCodec`). JSON: roomcast's wire JSON (`JsonMessages`: payload"
                + " embedded, int64 as numbers). Envelope: everything but the payload. Canonical JSON:"
                + " `JsonFormat.printer()` of the same proto (payload base64, int64 as strings), the input of the"
                + " `decodeJsonFormat` benchmarks, for reference.");
        out.println();
        out.println("| message | payload | protobuf | JSON | protobuf saves | protobuf envelope | JSON envelope"
                + " | envelope saved | canonical JSON |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (SampleKind kind : SampleKind.values()) {
            Message m = kind.delivered(new LiveTraffic(42));
            row(out, kind.name().toLowerCase(Locale.ROOT), List.of(m));
        }
        LiveTraffic traffic = new LiveTraffic(7);
        List<Message> mix = new ArrayList<>(MIX);
        for (Message m : traffic.unstored(MIX, 2)) {
            mix.add(traffic.store(m).sentAt(m.createdAt() + 180));
        }
        row(out, "mix of " + MIX + " (mean)", mix);
        out.println();

        out.println("## Bytes per message: merged in one block against one frame each");
        out.println();
        out.println("N consecutive messages of the mix. protobuf: complete long-connection frames (varint32 prefix"
                + " + `ServerFrame{block}`, `BlockCodec.encodeFrame`), either one block of N entries or N blocks of"
                + " one entry each (the header, room, cursor and `sentAt` repeated per message). JSON: the same"
                + " blocks as wire JSON (`JsonMessages.block`; JSON does not travel on the long connection,"
                + " shown for comparison). No collapse of state messages here: the same N messages both ways."
                + " TLS records and TCP/IP headers (per write, not per byte) are not counted; they favour"
                + " merging further.");
        out.println();
        out.println("| N | protobuf one by one | protobuf merged | merging saves | JSON one by one | JSON merged"
                + " | merging saves | protobuf vs JSON, merged |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : BLOCK_SIZES) {
            LiveTraffic t = new LiveTraffic(11);
            List<Message> entries = new ArrayList<>(n);
            for (Message m : t.unstored(n, 2)) {
                entries.add(t.store(m).sentAt(t.now()));
            }
            long protoSingles = 0;
            long jsonSingles = 0;
            for (Message m : entries) {
                Block single = block(List.of(m), t.now());
                protoSingles += BlockCodec.encodeFrame(single).length;
                jsonSingles += JsonForms.wire(single).length;
            }
            Block merged = block(entries, t.now());
            double protoMerged = (double) BlockCodec.encodeFrame(merged).length / n;
            double jsonMerged = (double) JsonForms.wire(merged).length / n;
            double protoOne = (double) protoSingles / n;
            double jsonOne = (double) jsonSingles / n;
            out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %s | %.1f | %.1f | %s | %s |%n",
                    n, protoOne, protoMerged, saving(protoMerged, protoOne), jsonOne, jsonMerged,
                    saving(jsonMerged, jsonOne), saving(protoMerged, jsonMerged));
        }
    }

    private static void row(PrintStream out, String label, List<Message> messages) {
        long payload = 0;
        long proto = 0;
        long json = 0;
        long canonical = 0;
        for (Message m : messages) {
            payload += m.payload().size();
            proto += MessageCodec.encode(m).length;
            json += JsonForms.wire(m).length;
            canonical += JsonForms.canonical(MessageCodec.toProto(m)).length;
        }
        double n = messages.size();
        double protoEnvelope = (proto - payload) / n;
        double jsonEnvelope = (json - payload) / n;
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %s | %.1f | %.1f | %s | %.1f |%n",
                label, payload / n, proto / n, json / n, saving(proto, json), protoEnvelope, jsonEnvelope,
                saving(protoEnvelope, jsonEnvelope), canonical / n);
    }

    /** How much smaller {@code smaller} is than {@code larger}, as a percentage. */
    private static String saving(double smaller, double larger) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * (1 - smaller / larger));
    }

    private static Block block(List<Message> entries, long sentAt) {
        Message last = entries.get(entries.size() - 1);
        return new Block(new BlockHeader(LiveTraffic.ROOM, Cursor.ORIGIN.advance(last), sentAt), entries, SkipCounts.NONE);
    }
}
