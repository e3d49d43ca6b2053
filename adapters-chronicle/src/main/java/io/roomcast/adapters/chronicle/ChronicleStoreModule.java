package io.roomcast.adapters.chronicle;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import java.util.Objects;

/**
 * Binds {@link MessageStore} to the embedded Chronicle store. Binding opens nothing: the queue is
 * opened (and its index rebuilt) when the store is first asked for, which the server's lifecycle
 * does at start; the store is a singleton, closed by whoever asked for it. Needs a {@link Clock}
 * binding.
 */
public final class ChronicleStoreModule extends AbstractModule {
    static {
        ChronicleProperties.apply();
    }

    private final ChronicleStoreConfig config;

    public ChronicleStoreModule(ChronicleStoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(ChronicleStoreConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    MessageStore messageStore(ChronicleStoreConfig storeConfig, Clock clock) {
        return ChronicleMessageStore.open(storeConfig, clock);
    }
}
