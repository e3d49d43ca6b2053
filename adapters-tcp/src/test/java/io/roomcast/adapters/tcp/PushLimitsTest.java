package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.application.push.PushSettings;
import org.junit.jupiter.api.Test;

class PushLimitsTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        PushLimits p = PushLimits.defaults();
        p.validate();
        assertThat(p.maxPendingBlocks()).isEqualTo(4);
        assertThat(p.maxPendingMs()).isEqualTo(600_000);
        assertThat(p.mergedBlockMaxEntries()).isEqualTo(20);
        assertThat(p.resumeMaxMessages()).isEqualTo(1_000);
    }

    @Test
    void givenEveryWither_eachValue_isKept_andReachesThePushCore() {
        PushLimits p = PushLimits.defaults().withMaxPendingBlocks(5).withMaxPendingMs(2_000).withMergedBlockMaxEntries(7)
                .withResumeMaxMessages(300);
        assertThat(p).isEqualTo(new PushLimits(5, 2_000, 7, 300));
        assertThat(TcpModule.pushSettings(new TcpConfig().push(p)))
                .isEqualTo(new PushSettings(5, 2_000, 7, 300));
    }

    @Test
    void givenWhatThePushCoreCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> PushLimits.defaults().withMaxPendingBlocks(0).validate())
                .hasMessageStartingWith("TcpConfig.maxPendingBlocks");
        assertThatThrownBy(() -> PushLimits.defaults().withMaxPendingMs(0).validate())
                .hasMessageStartingWith("TcpConfig.maxPendingMs");
        assertThatThrownBy(() -> PushLimits.defaults().withMergedBlockMaxEntries(0).validate())
                .hasMessageStartingWith("TcpConfig.mergedBlockMaxEntries");
        assertThatThrownBy(() -> PushLimits.defaults().withResumeMaxMessages(0).validate())
                .hasMessageStartingWith("TcpConfig.resumeMaxMessages");
    }
}
