package io.perfharness.reports;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * A whole HdrHistogram in a report: the histogram's compressed V2 encoding
 * ({@link AbstractHistogram#encodeIntoCompressedByteBuffer}), base64-encoded, so percentiles can be
 * recomputed and histograms of several runs added later.
 *
 * @param unit     unit of the recorded values ({@code "us"})
 * @param encoding always {@value #ENCODING}
 * @param data     base64 of the compressed histogram
 */
public record EncodedHistogram(String unit, String encoding, String data) {

    public static final String ENCODING = "hdrhistogram-v2-compressed-base64";

    /** Encodes a histogram of microsecond values. */
    public static EncodedHistogram of(AbstractHistogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return new EncodedHistogram("us", ENCODING, Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * @return the histogram again
     * @throws IllegalArgumentException when the encoding is unknown or the data is corrupt
     */
    public Histogram decode() {
        if (encoding == null) {
            throw new IllegalArgumentException("no histogram encoding, expected " + ENCODING);
        }
        if (!ENCODING.equals(encoding)) {
            throw new IllegalArgumentException("unknown histogram encoding '" + encoding + "', expected " + ENCODING);
        }
        if (data == null || data.isEmpty()) {
            throw new IllegalArgumentException("no histogram data");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("histogram data is not base64 (" + e.getMessage() + ")", e);
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            // the library's own messages name its internals (or are null): say what the data is not
            throw new IllegalArgumentException("histogram data is corrupt (not a compressed HdrHistogram)", e);
        }
    }
}
