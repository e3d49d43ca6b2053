package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TlsConfigTest {

    @Test
    void givenNothing_defaults_areTheDocumentedOnes() {
        TlsConfig t = TlsConfig.defaults();
        t.validate();
        assertThat(t.enabled()).isTrue();
        assertThat(t.certPem()).as("null with a null key: self-signed at start").isNull();
        assertThat(t.keyPem()).isNull();
        assertThat(t.provider()).isEqualTo(TlsConfig.Provider.AUTO);
    }

    @Test
    void givenEveryWither_eachValue_isKept() {
        TlsConfig t = TlsConfig.defaults().withEnabled(false).withProvider(TlsConfig.Provider.JDK);
        assertThat(t).isEqualTo(new TlsConfig(false, null, null, TlsConfig.Provider.JDK));
    }

    @Test
    void givenWhatTheServerCannotRunWith_validate_namesTheField() {
        assertThatThrownBy(() -> new TlsConfig(true, Path.of("c.pem"), null, TlsConfig.Provider.AUTO).validate())
                .hasMessageStartingWith("TcpConfig.keyPem");
        assertThatThrownBy(() -> new TlsConfig(true, null, Path.of("k.pem"), TlsConfig.Provider.AUTO).validate())
                .hasMessageStartingWith("TcpConfig.certPem");
        assertThatThrownBy(() -> TlsConfig.defaults().withProvider(null).validate())
                .hasMessageStartingWith("TcpConfig.tlsProvider");
    }
}
