package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViewerFlowTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        ViewerFlow f = ViewerFlow.defaults();
        f.validate();
        assertThat(f.writeBufferLowBytes()).isEqualTo(64 * 1024);
        assertThat(f.writeBufferHighBytes()).isEqualTo(256 * 1024);
        assertThat(f.socketSendBufferBytes()).as("0: the OS decides").isZero();
        assertThat(f.outboundBudgetBytes()).as("0: a quarter of the direct-memory limit").isZero();
        assertThat(f.slowTimeoutMs()).isEqualTo(15_000);
        assertThat(f.ackLagMs()).isEqualTo(500);
        assertThat(f.ackWindowBytes()).isEqualTo(16 * 1024);
    }

    @Test
    void givenEveryWither_eachValue_isKept() {
        ViewerFlow f = ViewerFlow.defaults().withWriteBufferLowBytes(1024).withWriteBufferHighBytes(2048)
                .withSocketSendBufferBytes(65_536).withOutboundBudgetBytes(1 << 20).withSlowTimeoutMs(3_000).withAckLagMs(250)
                .withAckWindowBytes(8192);
        assertThat(f).isEqualTo(new ViewerFlow(1024, 2048, 65_536, 1 << 20, 3_000, 250, 8192));
    }

    @Test
    void givenWhatTheServerCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> ViewerFlow.defaults().withWriteBufferLowBytes(10).withWriteBufferHighBytes(5).validate())
                .hasMessageStartingWith("TcpConfig.writeBufferLowBytes");
        assertThatThrownBy(() -> ViewerFlow.defaults().withWriteBufferLowBytes(0).validate())
                .hasMessageStartingWith("TcpConfig.writeBufferLowBytes");
        assertThatThrownBy(() -> ViewerFlow.defaults().withSocketSendBufferBytes(-1).validate())
                .hasMessageStartingWith("TcpConfig.socketSendBufferBytes");
        assertThatThrownBy(() -> ViewerFlow.defaults().withOutboundBudgetBytes(-1).validate())
                .hasMessageStartingWith("TcpConfig.outboundBudgetBytes");
        assertThatThrownBy(() -> ViewerFlow.defaults().withSlowTimeoutMs(0).validate())
                .hasMessageStartingWith("TcpConfig.slowTimeoutMs");
        assertThatThrownBy(() -> ViewerFlow.defaults().withAckLagMs(-1).validate())
                .hasMessageStartingWith("TcpConfig.ackLagMs");
        assertThatThrownBy(() -> ViewerFlow.defaults().withAckWindowBytes(0).validate())
                .hasMessageStartingWith("TcpConfig.ackWindowBytes");
    }
}
