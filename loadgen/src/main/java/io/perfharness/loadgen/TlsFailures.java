package io.perfharness.loadgen;

import io.netty.handler.codec.DecoderException;
import java.nio.channels.ClosedChannelException;

/** Says in one line why a TLS handshake failed, from the exception Netty's {@code SslHandler} gave. */
final class TlsFailures {

    private TlsFailures() {
    }

    /**
     * @return the innermost cause's message, which names the problem ("unable to find valid certification
     *         path to requested target", "No subject alternative names matching IP address ...", "Received
     *         fatal alert: protocol_version"), prefixed with the type of the outermost TLS exception
     */
    static String describe(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof ClosedChannelException) {
            return "the server closed the connection during the handshake";
        }
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        String line = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return line.replace('\n', ' ').replace('\r', ' ');
    }
}
