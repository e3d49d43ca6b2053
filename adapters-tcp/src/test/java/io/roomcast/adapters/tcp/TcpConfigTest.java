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
        assertThat(c.tls()).isTrue();
        assertThat(c.certPem()).isNull();
        assertThat(c.keyPem()).isNull();
        assertThat(c.heartbeatMs()).isEqualTo(30_000);
        assertThat(c.readerIdleMs()).isEqualTo(75_000);
        assertThat(c.helloTimeoutMs()).isEqualTo(10_000);
        assertThat(c.maxFrameBytes()).isEqualTo(16 * 1024);
        assertThat(c.maxConnections()).isEqualTo(200_000);
        assertThat(c.maxNewConnectionsPerSecond()).isEqualTo(2_000);
        assertThat(c.writeBufferLowBytes()).isEqualTo(64 * 1024);
        assertThat(c.writeBufferHighBytes()).isEqualTo(256 * 1024);
        assertThat(c.socketSendBufferBytes()).isZero();
        assertThat(c.outboundBudgetBytes()).as("0: a quarter of the direct-memory limit").isZero();
        assertThat(c.maxPendingBlocks()).isEqualTo(4);
        assertThat(c.maxPendingMs()).isEqualTo(600_000);
        assertThat(c.mergedBlockMaxEntries()).isEqualTo(20);
        assertThat(c.slowTimeoutMs()).isEqualTo(15_000);
        assertThat(c.drainGraceMillis()).isEqualTo(10_000);
        assertThat(c.goAwayMaxDelayMs()).isEqualTo(5_000);
        assertThat(c.advertisedEndpoints()).isEmpty();
        assertThat(c.resumeMaxMessages()).isEqualTo(1_000);
        assertThat(c.ioThreads()).isZero();
        assertThat(c.blockingThreads()).isEqualTo(4);
        assertThat(c.transport()).isEqualTo(TcpConfig.Transport.AUTO);
    }

    @Test
    void givenEverySetter_copy_keepsEveryValue() {
        TcpConfig set = new TcpConfig().host("127.0.0.1").port(19443).tls(false)
                .certPem(Path.of("/etc/roomcast/cert.pem")).keyPem(Path.of("/etc/roomcast/key.pem"))
                .heartbeatMs(20_000).helloTimeoutMs(5_000).maxFrameBytes(4096).maxConnections(500)
                .maxNewConnectionsPerSecond(50).writeBufferLowBytes(1024).writeBufferHighBytes(2048).socketSendBufferBytes(65_536)
                .outboundBudgetBytes(1 << 20).maxPendingMs(2_000)
                .maxPendingBlocks(5).mergedBlockMaxEntries(7).slowTimeoutMs(3_000).drainGraceMillis(2_000)
                .goAwayMaxDelayMs(1_500).advertisedEndpoints(List.of("a.example:9443", "b.example:9443"))
                .resumeMaxMessages(300).ioThreads(3).blockingThreads(2).transport(TcpConfig.Transport.NIO)
                .tlsProvider(TcpConfig.TlsProvider.JDK);
        assertThat(set.copy()).isEqualTo(set).isNotSameAs(set);
        assertThat(set).isNotEqualTo(new TcpConfig());
    }

    @Test
    void givenWhatTheServerCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> new TcpConfig().port(70_000).validate()).hasMessageStartingWith("TcpConfig.port");
        assertThatThrownBy(() -> new TcpConfig().certPem(Path.of("c.pem")).validate()).hasMessageStartingWith("TcpConfig.keyPem");
        assertThatThrownBy(() -> new TcpConfig().writeBufferLowBytes(10).writeBufferHighBytes(5).validate())
                .hasMessageStartingWith("TcpConfig.writeBufferLowBytes");
        assertThatThrownBy(() -> new TcpConfig().heartbeatMs(0).validate()).hasMessageStartingWith("TcpConfig.heartbeatMs");
        assertThatThrownBy(() -> new TcpConfig().maxPendingBlocks(0).validate())
                .hasMessageStartingWith("TcpConfig.maxPendingBlocks");
        assertThatThrownBy(() -> new TcpConfig().goAwayMaxDelayMs(Integer.MAX_VALUE).validate())
                .hasMessageStartingWith("TcpConfig.goAwayMaxDelayMs");
        assertThatThrownBy(() -> new TcpConfig().transport(null).validate()).hasMessageStartingWith("TcpConfig.transport");
    }
}
