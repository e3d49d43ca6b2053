package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerThreadsTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        ServerThreads t = ServerThreads.defaults();
        t.validate();
        assertThat(t.transport()).isEqualTo(ServerThreads.Transport.AUTO);
        assertThat(t.ioThreads()).as("0: twice the cores").isZero();
        assertThat(t.blockingThreads()).isEqualTo(4);
    }

    @Test
    void givenEveryWither_eachValue_isKept() {
        ServerThreads t = ServerThreads.defaults().withTransport(ServerThreads.Transport.NIO).withIoThreads(3)
                .withBlockingThreads(2);
        assertThat(t).isEqualTo(new ServerThreads(ServerThreads.Transport.NIO, 3, 2));
    }

    @Test
    void givenWhatTheServerCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> ServerThreads.defaults().withTransport(null).validate())
                .hasMessageStartingWith("TcpConfig.transport");
        assertThatThrownBy(() -> ServerThreads.defaults().withIoThreads(-1).validate())
                .hasMessageStartingWith("TcpConfig.ioThreads");
        assertThatThrownBy(() -> ServerThreads.defaults().withBlockingThreads(0).validate())
                .hasMessageStartingWith("TcpConfig.blockingThreads");
    }
}
