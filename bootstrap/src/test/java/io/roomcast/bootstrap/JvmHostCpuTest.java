package io.roomcast.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.application.port.out.HostCpu;
import org.junit.jupiter.api.Test;

class JvmHostCpuTest {

    @Test
    void givenThisJvm_busy_isAShareOfTheMachine() {
        HostCpu cpu = JvmHostCpu.create();

        double busy = cpu.busy();

        assertThat(busy).as("OpenJDK on Linux reads /proc/stat").isBetween(0.0, 1.0);
    }
}
