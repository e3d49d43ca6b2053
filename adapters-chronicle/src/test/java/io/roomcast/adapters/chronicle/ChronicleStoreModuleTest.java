package io.roomcast.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.roomcast.application.port.out.Clock;
import io.roomcast.application.port.out.MessageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleStoreModuleTest {
    @TempDir
    Path dir;

    @Test
    void givenModule_creatingTheInjector_opensNoFiles() {
        Path data = dir.resolve("data");
        Injector injector = Guice.createInjector(new ChronicleStoreModule(ChronicleStoreConfig.in(data)),
                binder -> binder.bind(Clock.class).toInstance(Clock.system()));
        assertThat(injector.getBinding(MessageStore.class)).isNotNull();
        assertThat(injector.getInstance(ChronicleStoreConfig.class).dataDir()).isEqualTo(data);
        assertThat(Files.exists(data)).isFalse();
    }
}
