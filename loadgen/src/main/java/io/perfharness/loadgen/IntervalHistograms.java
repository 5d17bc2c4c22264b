package io.perfharness.loadgen;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An immutable list of interval histograms kept compressed: a full-range latency histogram takes
 * ~200 KB in memory, a compressed one second of it usually under a few KB, so an hour of per-second
 * intervals stays small. {@link #get(int)} decodes a fresh copy, with its time stamps.
 */
final class IntervalHistograms extends AbstractList<Histogram> {

    private record Encoded(byte[] bytes, long startMillis, long endMillis) {
    }

    private final List<Encoded> encoded;

    private IntervalHistograms(List<Encoded> encoded) {
        this.encoded = encoded;
    }

    /** Collects intervals; not thread-safe. */
    static final class Builder {
        private final List<Encoded> encoded = new ArrayList<>();

        /** @param h an interval histogram with start and end time stamps set (epoch ms) */
        void add(Histogram h) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            encoded.add(new Encoded(bytes, h.getStartTimeStamp(), h.getEndTimeStamp()));
        }

        IntervalHistograms build() {
            return new IntervalHistograms(List.copyOf(encoded));
        }
    }

    @Override
    public Histogram get(int index) {
        Encoded e = encoded.get(index);
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(e.bytes()), 0);
            h.setStartTimeStamp(e.startMillis());
            h.setEndTimeStamp(e.endMillis());
            return h;
        } catch (DataFormatException ex) {
            throw new IllegalStateException("corrupt interval histogram " + index, ex);
        }
    }

    @Override
    public int size() {
        return encoded.size();
    }
}
