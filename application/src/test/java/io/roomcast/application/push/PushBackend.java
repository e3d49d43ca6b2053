package io.roomcast.application.push;

import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.port.out.HostCpu;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.application.service.RoomStateService;
import io.roomcast.application.testing.ManualClock;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Message;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real publish, poll and state services over the in-memory store, feeding any push cores attached. No mocks. */
final class PushBackend {
    final ManualClock clock = new ManualClock();
    final DeliveryRules rules;
    final InMemoryMessageStore store;
    final FakeRoomDirectory directory = new FakeRoomDirectory();
    final PollRoomService poll;
    final RoomStateService states;
    final PublishMessageService publisher;
    private final List<Fanout> fanouts = new CopyOnWriteArrayList<>();

    /** Windows of {@code windowMillis}, a render budget per second (0: none), a room budget that admits everything. */
    PushBackend(long windowMillis, int renderBudgetPerSecond) {
        this.rules = DeliveryRules.defaults()
                .withBlocks(new BlockPolicy(windowMillis, 1_000, renderBudgetPerSecond))
                .withAdmission(AdmissionPolicy.ofRate(1_000_000));
        this.store = new InMemoryMessageStore(Retention.defaults(), clock);
        this.poll = new PollRoomService(store, directory, clock, rules);
        this.states = new RoomStateService(store, clock);
        this.publisher = new PublishMessageService(store, new Fanout() {
            @Override
            public void deliver(Message stored) {
                fanouts.forEach(f -> f.deliver(stored));
            }

            @Override
            public void deliverAll(List<Message> stored) {
                fanouts.forEach(f -> f.deliverAll(stored));
            }
        }, clock, rules);
    }

    PushService push(PushSettings settings) {
        PushService push = new PushService(poll, states, directory, clock, rules, settings);
        fanouts.add(push);
        return push;
    }

    /** A push core fed by {@code bus} only, which the publish path feeds as Redis would. */
    PushService push(PushSettings settings, FakeBus bus) {
        PushService push = new PushService(poll, states, directory, clock, HostCpu.UNKNOWN, rules, settings, bus, store::head);
        fanouts.add(bus);
        return push;
    }

    PublishResult publish(String room, Category category, Priority priority) {
        return publisher.publish(new PublishCommand(Scope.ROOM, RoomId.of(room), null, category, priority, 0,
                UserId.of("sender"), Payload.json("{}"), null, 0, null));
    }

    PublishResult publishState(String room, String key, long version, Priority priority) {
        return publisher.publish(new PublishCommand(Scope.ROOM, RoomId.of(room), null, Category.PK, priority, 0,
                null, Payload.json("{\"v\":" + version + "}"), StateKey.of(key), version, null));
    }

    PublishResult publishToUser(String user) {
        return publisher.publish(new PublishCommand(Scope.UNICAST, null, UserId.of(user), Category.NOTIFY, Priority.HIGH,
                0, null, Payload.json("{}"), null, 0, null));
    }

    PublishResult broadcast(Priority priority) {
        return publisher.publish(new PublishCommand(Scope.BROADCAST, null, null, Category.NOTIFY, priority,
                0, null, Payload.json("{}"), null, 0, null));
    }
}
