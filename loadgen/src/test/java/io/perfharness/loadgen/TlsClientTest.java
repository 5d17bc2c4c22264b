package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsClientTest {

    @Test
    void usesOpenSslWhenItLoadsAndOffersTls12And13() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative BoringSSL loads on this platform: %s",
                OpenSsl.unavailabilityCause()).isTrue();
        try (TlsClient tls = TlsClient.create(false, List.of())) {
            assertThat(tls.provider()).startsWith("openssl");
            SslHandler h = tls.newHandler(ByteBufAllocator.DEFAULT, "example.org", 443);
            try {
                // OpenSSL engines also list the SSLv2Hello pseudo-protocol, which offers no version
                assertThat(h.engine().getEnabledProtocols()).contains("TLSv1.2", "TLSv1.3").doesNotContain("TLSv1", "TLSv1.1", "SSLv3");
                assertThat(h.engine().getPeerHost()).isEqualTo("example.org");
                assertThat(h.engine().getPeerPort()).isEqualTo(443);
            } finally {
                io.netty.util.ReferenceCountUtil.release(h.engine());
            }
        }
    }

    @Test
    void theSystemPropertyForcesTheJdkProvider() {
        System.setProperty(TlsClient.PROVIDER_PROPERTY, "jdk");
        try (TlsClient tls = TlsClient.create(true, List.of("h2", "http/1.1"))) {
            assertThat(tls.provider()).isEqualTo("jdk");
            SslHandler h = tls.newHandler(ByteBufAllocator.DEFAULT, "example.org", 443);
            assertThat(h.engine().getSSLParameters().getApplicationProtocols()).containsExactly("h2", "http/1.1");
        } finally {
            System.clearProperty(TlsClient.PROVIDER_PROPERTY);
        }
    }
}
