package io.roomcast.adapters.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

class ServerTlsTest {
    @Test
    void givenBoringSsl_eachConnectionKeepsASmallBufferForWhatTheEngineWritesWhileReading() {
        ServerTls tls = ServerTls.create(TlsConfig.defaults(), "127.0.0.1");
        assumeThat(tls.provider).as("BoringSSL loads here").isEqualTo(SslProvider.OPENSSL);

        assertThat(((ReferenceCountedOpenSslContext) tls.context).getBioNonApplicationBufferSize())
                .isEqualTo(ServerTls.NON_APPLICATION_BUFFER_BYTES);
    }
}
