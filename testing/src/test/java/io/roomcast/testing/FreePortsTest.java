package io.roomcast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void givenSeveralAtOnce_thePorts_areDistinct_andFreeToBind() throws Exception {
        for (int round = 0; round < 50; round++) {
            int[] ports = FreePorts.loopback(3);
            assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
            for (int port : ports) {
                try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(bound.getLocalPort()).isEqualTo(port);
                }
            }
        }
    }
}
