package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpConfigTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        TcpConfig c = new TcpConfig().validate();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9443);
        assertThat(c.heartbeatMs()).isEqualTo(30_000);
        assertThat(c.readerIdleMs()).isEqualTo(75_000);
        assertThat(c.helloTimeoutMs()).isEqualTo(10_000);
        assertThat(c.maxFrameBytes()).isEqualTo(16 * 1024);
        assertThat(c.maxConnections()).isEqualTo(200_000);
        assertThat(c.maxNewConnectionsPerSecond()).isEqualTo(2_000);
        assertThat(c.drainGraceMillis()).isEqualTo(10_000);
        assertThat(c.goAwayMaxDelayMs()).isEqualTo(5_000);
        assertThat(c.advertisedEndpoints()).isEmpty();
        assertThat(c.threads()).isEqualTo(ServerThreads.defaults());
        assertThat(c.tls()).isEqualTo(TlsConfig.defaults());
        assertThat(c.flow()).isEqualTo(ViewerFlow.defaults());
        assertThat(c.push()).isEqualTo(PushLimits.defaults());
    }

    @Test
    void givenEverySetter_copy_keepsEveryValue() {
        TcpConfig set = new TcpConfig().host("127.0.0.1").port(19443)
                .heartbeatMs(20_000).helloTimeoutMs(5_000).maxFrameBytes(4096).maxConnections(500)
                .maxNewConnectionsPerSecond(50).drainGraceMillis(2_000)
                .goAwayMaxDelayMs(1_500).advertisedEndpoints(List.of("a.example:9443", "b.example:9443"))
                .threads(new ServerThreads(ServerThreads.Transport.NIO, 3, 2))
                .tls(new TlsConfig(false, Path.of("/etc/roomcast/cert.pem"), Path.of("/etc/roomcast/key.pem"),
                        TlsConfig.Provider.JDK))
                .flow(new ViewerFlow(1024, 2048, 65_536, 1 << 20, 3_000, 250, 8192))
                .push(new PushLimits(5, 2_000, 7, 300));
        assertThat(set.copy()).isEqualTo(set).isNotSameAs(set).hasSameHashCodeAs(set);
        assertThat(set).isNotEqualTo(new TcpConfig());
    }

    @Test
    void givenWhatTheServerCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> new TcpConfig().port(70_000).validate()).hasMessageStartingWith("TcpConfig.port");
        assertThatThrownBy(() -> new TcpConfig().heartbeatMs(0).validate()).hasMessageStartingWith("TcpConfig.heartbeatMs");
        assertThatThrownBy(() -> new TcpConfig().goAwayMaxDelayMs(Integer.MAX_VALUE).validate())
                .hasMessageStartingWith("TcpConfig.goAwayMaxDelayMs");
        assertThatThrownBy(() -> new TcpConfig().flow(null).validate()).hasMessageStartingWith("TcpConfig.flow");
    }

    @Test
    void givenAPartTheServerCannotRunWith_validate_namesItsField() {
        assertThatThrownBy(() -> new TcpConfig().tls(new TlsConfig(true, Path.of("c.pem"), null, TlsConfig.Provider.AUTO))
                .validate()).hasMessageStartingWith("TcpConfig.keyPem");
        assertThatThrownBy(() -> new TcpConfig().flow(new ViewerFlow(10, 5, 0, 0, 15_000, 500, 16 * 1024)).validate())
                .hasMessageStartingWith("TcpConfig.writeBufferLowBytes");
        assertThatThrownBy(() -> new TcpConfig().push(PushLimits.defaults().withMaxPendingBlocks(0)).validate())
                .hasMessageStartingWith("TcpConfig.maxPendingBlocks");
        assertThatThrownBy(() -> new TcpConfig().threads(ServerThreads.defaults().withTransport(null)).validate())
                .hasMessageStartingWith("TcpConfig.transport");
    }
}
