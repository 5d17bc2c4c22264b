package io.perfharness.loadgen;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * The client side of TLS for one run: one {@link SslContext} (so its session cache serves every
 * connection, and a reconnect resumes the session of an earlier one), and the {@link SslHandler}s made
 * from it. OpenSSL (netty-tcnative's BoringSSL) when it loads, the JDK's provider otherwise, or as
 * {@value #PROVIDER_PROPERTY} says. TLS 1.2 and 1.3.
 *
 * <pre>{@code
 * try (TlsClient tls = TlsClient.create(false, List.of())) {
 *     channel.pipeline().addLast("tls", tls.newHandler(channel.alloc(), "example.org", 443));
 * }
 * }</pre>
 *
 * Thread-safe: handlers may be made on any event loop.
 */
final class TlsClient implements AutoCloseable {

    /**
     * System property that picks the provider: {@code openssl} (the default: OpenSSL if it loads, else the
     * JDK's) or {@code jdk}.
     */
    static final String PROVIDER_PROPERTY = "perfharness.loadgen.tls";

    /** The TLS versions offered. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext context;
    private final boolean openSsl;

    private TlsClient(SslContext context, boolean openSsl) {
        this.context = context;
        this.openSsl = openSsl;
    }

    /**
     * @param insecure      trust any certificate and any host name (self-signed test servers); false: the
     *                      JDK's default trust store, and the certificate must name the URL's host
     * @param alpnProtocols ALPN protocol names to offer, most preferred first (e.g. {@code h2},
     *                      {@code http/1.1}); empty for no ALPN extension
     * @return a client context; close it after the run
     * @throws IllegalStateException if the provider cannot make a context
     */
    static TlsClient create(boolean insecure, List<String> alpnProtocols) {
        boolean openSsl = !"jdk".equals(System.getProperty(PROVIDER_PROPERTY)) && OpenSsl.isAvailable();
        SslContextBuilder b = SslContextBuilder.forClient()
                // reference-counted engines: no finalizer per connection; released with the SslHandler
                .sslProvider(openSsl ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                .protocols(PROTOCOLS);
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        }
        if (!alpnProtocols.isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpnProtocols));
        }
        try {
            return new TlsClient(b.build(), openSsl);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot make a TLS client context (" + (openSsl ? "openssl" : "jdk")
                    + "): " + e.getMessage(), e);
        }
    }

    /**
     * @return {@code "openssl"} with its version (e.g. {@code "openssl (BoringSSL)"}) or {@code "jdk"}: the
     *         provider whose engines this client makes
     */
    String provider() {
        return openSsl ? "openssl (" + OpenSsl.versionString() + ")" : "jdk";
    }

    /**
     * A handler for one new connection. The peer's host and port key the session cache, so a reconnect to
     * the same server resumes; the host is also sent as SNI (unless it is an IP address, which SNI does
     * not carry). No handshake timeout of its own: the request timeout covers the handshake.
     *
     * @param host the URL's host, as written in the URL
     * @param port the server's port, 1 .. 65535
     */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler h = context.newHandler(alloc, host, port);
        h.setHandshakeTimeoutMillis(0);
        return h;
    }

    /**
     * @param engine   the engine of a handler of this client, its handshake done
     * @param startMillis {@link System#currentTimeMillis()} when the handshake started
     * @return true if the handshake resumed an earlier session instead of making a new one
     */
    static boolean resumed(SSLEngine engine, long startMillis) {
        if (engine instanceof ReferenceCountedOpenSslEngine e) {
            synchronized (e) {
                long ssl = e.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        // JDK: a resumed session keeps the creation time of the one it resumes (TLS 1.2: the same object;
        // TLS 1.3: a copy made from the ticket's); a new one is made during this handshake
        SSLSession s = engine.getSession();
        return s != null && s.getCreationTime() < startMillis;
    }

    /** Releases the context (OpenSSL's native memory); handlers already made keep working. */
    @Override
    public void close() {
        ReferenceCountUtil.release(context);
    }
}
