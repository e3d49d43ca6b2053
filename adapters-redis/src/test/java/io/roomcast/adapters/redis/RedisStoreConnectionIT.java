package io.roomcast.adapters.redis;

import static io.roomcast.testing.TestMessages.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.Feed;
import io.roomcast.application.port.out.MessageStore;
import io.roomcast.application.port.out.Retention;
import io.roomcast.domain.error.ErrorCode;
import io.roomcast.domain.error.RoomcastException;
import io.roomcast.domain.message.Cursor;
import io.roomcast.domain.message.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Lost scripts, an absent Redis, the Guice wiring and a closed store. */
class RedisStoreConnectionIT extends RedisStoreFixture {
    @Test
    void givenScriptCacheFlushed_appendAndPoll_loadTheScriptsAgain() {
        MessageStore store = store(ROOMY);
        Message before = store.append(chat(r1, clock.advance(1))).stored();
        redis.scriptFlush();
        Message after = store.append(chat(r1, clock.advance(1))).stored();
        redis.scriptFlush();
        assertThat(ids(store.readSince(Feed.guest(r1), Cursor.ORIGIN, 10).messages()))
                .containsExactly(before.id(), after.id());
        redis.scriptFlush();
        assertThat(store.readLatest(Feed.guest(r1), 1).messages()).containsExactly(after);
    }

    private static String nobodyListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "redis://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void givenNoRedis_connect_failsFastWithStoreUnavailable() throws IOException {
        RedisStoreConfig config = RedisStoreConfig.defaults().withUrl(nobodyListening());
        assertThatThrownBy(() -> RedisMessageStore.connect(config, ROOMY, clock))
                .isInstanceOfSatisfying(RoomcastException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(config.url()).contains("cannot use Redis");
                });
    }

    private static Injector injector(RedisStoreConfig config, Clock clock) {
        return Guice.createInjector(new RedisStoreModule(config), binder -> {
            binder.bind(Retention.class).toInstance(ROOMY);
            binder.bind(Clock.class).toInstance(clock);
        });
    }

    @Test
    void givenModule_creatingTheInjector_opensNothingAndProvidingFailsFastWithoutRedis() throws IOException {
        Injector injector = injector(RedisStoreConfig.defaults().withUrl(nobodyListening()), clock);
        assertThat(injector.getInstance(RedisStoreConfig.class).url()).startsWith("redis://127.0.0.1:");
        assertThatThrownBy(() -> injector.getInstance(MessageStore.class))
                .isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(((RoomcastException) e.getCause()).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    @Test
    void givenModule_messageStore_isOneConnectedStore() {
        Injector injector = injector(config(), clock);
        MessageStore store = injector.getInstance(MessageStore.class);
        stores.add(store);
        assertThat(injector.getInstance(MessageStore.class)).isSameAs(store);
        Message stored = store.append(chat(r1, clock.millis())).stored();
        assertThat(store.head(r1).room()).isEqualTo(stored.position().part());
    }

    @Test
    void givenClosedStore_everyCall_failsAsClosed() {
        MessageStore store = store(ROOMY);
        store.close();
        assertThatThrownBy(() -> store.append(chat(r1, clock.millis()))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.readSince(Feed.guest(r1), Cursor.ORIGIN, 1)).isInstanceOf(IllegalStateException.class);
        store.close();
    }
}
