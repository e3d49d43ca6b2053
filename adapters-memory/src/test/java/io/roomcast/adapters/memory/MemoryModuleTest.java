package io.roomcast.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.roomcast.application.port.out.RoomDirectory;
import io.roomcast.domain.message.RoomId;
import org.junit.jupiter.api.Test;

class MemoryModuleTest {

    @Test
    void givenNothingElse_module_bindsOneEmptyInMemoryDirectory() {
        Injector injector = Guice.createInjector(new MemoryModule());

        RoomDirectory directory = injector.getInstance(RoomDirectory.class);
        assertThat(directory).isInstanceOf(InMemoryRoomDirectory.class);
        assertThat(injector.getInstance(RoomDirectory.class)).isSameAs(directory);
        assertThat(directory.online(RoomId.of("r1"), 0)).isZero();
    }
}
