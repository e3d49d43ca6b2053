package io.roomcast.benchmarks.jmh;

import io.roomcast.adapters.memory.InMemoryRoomDirectory;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.ViewerSink;
import io.roomcast.application.push.PushService;
import io.roomcast.application.push.PushSettings;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.RoomStateService;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.policy.AdmissionPolicy;
import org.openjdk.jmh.infra.Blackhole;

/** The push core for benchmarks without sockets: on the in-memory store, and sinks that always take more. */
final class PushCores {
    private PushCores() {
    }

    /** A push core with {@code blocks} for its windows, on the in-memory store, room budget out of the way; not started. */
    static PushService inMemory(Clock clock, BlockPolicy blocks) {
        DeliveryRules rules = DeliveryRules.defaults()
                .withBlocks(blocks)
                .withAdmission(AdmissionPolicy.ofRate(1_000_000));
        InMemoryMessageStore store = new InMemoryMessageStore(Retention.defaults(), clock);
        InMemoryRoomDirectory directory = new InMemoryRoomDirectory();
        return new PushService(new PollRoomService(store, directory, clock, rules), new RoomStateService(store, clock),
                directory, clock, rules, new PushSettings(16, 1_000, 64, 1_000));
    }

    /** A writable connection; what it does with a block is the subclass's. */
    abstract static class WritableSink implements ViewerSink {
        final Blackhole hole;

        WritableSink(Blackhole hole) {
            this.hole = hole;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void started(Cursor start) {
            hole.consume(start);
        }

        @Override
        public void failed(RoomcastException error) {
            throw error;
        }
    }
}
