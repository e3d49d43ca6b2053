package io.roomcast.adapters.tcp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.application.memory.InMemoryMessageStore;
import io.roomcast.application.port.in.PublishCommand;
import io.roomcast.application.port.in.PublishResult;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Fanout;
import io.roomcast.application.push.PushService;
import io.roomcast.application.push.SessionService;
import io.roomcast.application.port.out.Retention;
import io.roomcast.application.port.out.UserTokens;
import io.roomcast.application.service.PollRoomService;
import io.roomcast.application.service.PublishMessageService;
import io.roomcast.application.service.RoomStateService;
import io.roomcast.application.testing.FakeRoomDirectory;
import io.roomcast.domain.DeliveryRules;
import io.roomcast.domain.block.BlockPolicy;
import io.roomcast.domain.message.Category;
import io.roomcast.domain.message.Payload;
import io.roomcast.domain.message.Priority;
import io.roomcast.domain.message.RoomId;
import io.roomcast.domain.message.Scope;
import io.roomcast.domain.message.StateKey;
import io.roomcast.domain.message.UserId;
import io.roomcast.domain.policy.AdmissionPolicy;
import io.roomcast.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application behind one or more test servers: the real publish, poll and room-state
 * services over the in-memory store and directory, with every node's fan-out fed by the one
 * publish service (as a cluster bus would). No mocks.
 */
final class Backend implements AutoCloseable {
    /** The threads of {@link #config()}'s servers: two I/O threads, whatever the machine. */
    static final ServerThreads THREADS = ServerThreads.defaults().withIoThreads(2);

    final Clock clock;
    final DeliveryRules rules;
    final InMemoryMessageStore store;
    final FakeRoomDirectory directory = new FakeRoomDirectory();
    final UserTokens tokens;
    final PollRoomService poll;
    final RoomStateService states;
    final PublishMessageService publisher;
    private final List<Fanout> fanouts = new CopyOnWriteArrayList<>();
    private final List<TcpServer> servers = new ArrayList<>();

    Backend(Clock clock, DeliveryRules rules) {
        this.clock = clock;
        this.rules = rules;
        this.store = new InMemoryMessageStore(Retention.defaults(), clock);
        this.tokens = new TestTokens(clock::millis)::verify;
        this.poll = new PollRoomService(store, directory, clock, rules);
        this.states = new RoomStateService(store, clock);
        this.publisher = new PublishMessageService(store, m -> fanouts.forEach(f -> f.deliver(m)), clock, rules);
    }

    /** Real time; windows of {@code windowMillis}, no render budget, a room budget that admits everything. */
    static Backend realTime(long windowMillis) {
        return new Backend(Clock.system(), rules(windowMillis, 0));
    }

    static DeliveryRules rules(long windowMillis, int renderBudgetPerSecond) {
        return DeliveryRules.defaults()
                .withBlocks(new BlockPolicy(windowMillis, 1_000, renderBudgetPerSecond))
                .withAdmission(AdmissionPolicy.ofRate(1_000_000));
    }

    /** A started server on a free port (TLS with a self-signed certificate unless the config says otherwise). */
    TcpServer server(TcpConfig config) {
        PushService push = push(config);
        TcpServer server = new TcpServer(config, push, sessions(push, config), clock, new SimpleMeterRegistry());
        server.start();
        servers.add(server);
        return server;
    }

    /** A push core over this backend, fed by its publisher. */
    PushService push(TcpConfig config) {
        PushService push = new PushService(poll, states, directory, clock, rules, TcpModule.pushSettings(config));
        fanouts.add(push);
        return push;
    }

    /** Viewer sessions over {@code push}, checking tokens with this backend's. */
    SessionService sessions(PushService push, TcpConfig config) {
        return new SessionService(push, tokens, TcpModule.sessionSettings(config));
    }

    static TcpConfig config() {
        return new TcpConfig().host("127.0.0.1").port(0).threads(THREADS).drainGraceMillis(3_000);
    }

    PublishResult publish(String room, Category category, Priority priority, String json) {
        return publisher.publish(new PublishCommand(Scope.ROOM, RoomId.of(room), null, category, priority, 0,
                UserId.of("sender"), Payload.json(json), null, 0, null));
    }

    PublishResult publishState(String room, String key, long version) {
        return publisher.publish(new PublishCommand(Scope.ROOM, RoomId.of(room), null, Category.PK, Priority.NORMAL, 0,
                null, Payload.json("{\"v\":" + version + "}"), StateKey.of(key), version, null));
    }

    PublishResult publishToUser(String user, String json) {
        return publisher.publish(new PublishCommand(Scope.UNICAST, null, UserId.of(user), Category.NOTIFY, Priority.HIGH,
                0, null, Payload.json(json), null, 0, null));
    }

    PublishResult broadcast(String json) {
        return publisher.publish(new PublishCommand(Scope.BROADCAST, null, null, Category.NOTIFY, Priority.CRITICAL,
                0, null, Payload.json(json), null, 0, null));
    }

    @Override
    public void close() {
        for (TcpServer server : servers) {
            server.stop();
        }
        store.close();
    }
}
