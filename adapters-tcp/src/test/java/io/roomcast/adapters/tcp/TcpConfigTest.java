package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        assertThat(c.maxConnections()).isEqualTo(100_000);
        assertThat(c.maxNewConnectionsPerSecond()).isEqualTo(1_000);
        assertThat(c.writeBufferLowBytes()).isEqualTo(64 * 1024);
        assertThat(c.writeBufferHighBytes()).isEqualTo(256 * 1024);
        assertThat(c.socketSendBufferBytes()).isZero();
        assertThat(c.maxPendingBlocks()).isEqualTo(16);
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
    void givenEveryKey_fromProperties_mapsEachToItsField() {
        Map<String, String> p = new HashMap<>();
        p.put("tcp.host", "127.0.0.1");
        p.put("tcp.port", "19443");
        p.put("tcp.tls", "false");
        p.put("tcp.cert", "/etc/roomcast/cert.pem");
        p.put("tcp.key", "/etc/roomcast/key.pem");
        p.put("tcp.heartbeat-ms", "20000");
        p.put("tcp.hello-timeout-ms", "5000");
        p.put("tcp.max-frame-bytes", "4096");
        p.put("tcp.max-connections", "500");
        p.put("tcp.max-new-connections-per-second", "50");
        p.put("tcp.write-buffer-low-bytes", "1024");
        p.put("tcp.write-buffer-high-bytes", "2048");
        p.put("tcp.socket-send-buffer-bytes", "65536");
        p.put("tcp.max-pending-blocks", "4");
        p.put("tcp.merged-block-max-entries", "7");
        p.put("tcp.slow-timeout-ms", "3000");
        p.put("tcp.drain-grace-ms", "2000");
        p.put("tcp.go-away-max-delay-ms", "1500");
        p.put("tcp.advertise", "a.example:9443, b.example:9443");
        p.put("tcp.resume-max-messages", "300");
        p.put("tcp.io-threads", "3");
        p.put("tcp.blocking-threads", "2");
        p.put("tcp.transport", "nio");
        p.put("tcp.tls-provider", "jdk");
        p.put("http.port", "8080");
        assertThat(p.keySet()).containsAll(TcpConfig.KEYS);

        TcpConfig expected = new TcpConfig().host("127.0.0.1").port(19443).tls(false)
                .certPem(Path.of("/etc/roomcast/cert.pem")).keyPem(Path.of("/etc/roomcast/key.pem"))
                .heartbeatMs(20_000).helloTimeoutMs(5_000).maxFrameBytes(4096).maxConnections(500)
                .maxNewConnectionsPerSecond(50).writeBufferLowBytes(1024).writeBufferHighBytes(2048).socketSendBufferBytes(65_536)
                .maxPendingBlocks(4).mergedBlockMaxEntries(7).slowTimeoutMs(3_000).drainGraceMillis(2_000)
                .goAwayMaxDelayMs(1_500).advertisedEndpoints(List.of("a.example:9443", "b.example:9443"))
                .resumeMaxMessages(300).ioThreads(3).blockingThreads(2).transport(TcpConfig.Transport.NIO)
                .tlsProvider(TcpConfig.TlsProvider.JDK);
        assertThat(TcpConfig.fromProperties(p)).isEqualTo(expected);
        assertThat(expected.copy()).isEqualTo(expected);
    }

    @Test
    void givenUnknownTcpKey_fromProperties_failsNamingIt() {
        assertThatThrownBy(() -> TcpConfig.fromProperties(Map.of("tcp.heartbeat", "1000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp.heartbeat");
    }

    @Test
    void givenBadValues_validate_namesTheKey() {
        assertThatThrownBy(() -> new TcpConfig().port(70_000).validate()).hasMessageStartingWith("tcp.port");
        assertThatThrownBy(() -> new TcpConfig().certPem(Path.of("c.pem")).validate()).hasMessageStartingWith("tcp.key");
        assertThatThrownBy(() -> new TcpConfig().writeBufferLowBytes(10).writeBufferHighBytes(5).validate())
                .hasMessageStartingWith("tcp.write-buffer-low-bytes");
        assertThatThrownBy(() -> new TcpConfig().heartbeatMs(10).validate()).hasMessageStartingWith("tcp.heartbeat-ms");
        assertThatThrownBy(() -> new TcpConfig().advertisedEndpoints(List.of("nohost")).validate())
                .hasMessageStartingWith("tcp.advertise");
        assertThatThrownBy(() -> TcpConfig.fromProperties(Map.of("tcp.tls", "yes"))).hasMessageStartingWith("tcp.tls");
        assertThatThrownBy(() -> TcpConfig.fromProperties(Map.of("tcp.transport", "kqueue")))
                .hasMessageStartingWith("tcp.transport");
        assertThatThrownBy(() -> TcpConfig.fromProperties(Map.of("tcp.tls-provider", "gnutls")))
                .hasMessageStartingWith("tcp.tls-provider");
    }
}
