package io.perfharness.loadgen;

import io.perfharness.reports.ErrorCounts;
import org.HdrHistogram.Histogram;

/**
 * What one named {@link Endpoint} got in the measured window, a part of {@link LoadResult}: the same
 * measurements as the whole, for its requests only. Over all endpoints the counts add up to the whole's.
 *
 * @param name            the endpoint's name
 * @param requests        completed responses (any status) whose end fell in the measured window
 * @param errors          failed requests, by kind (status errors are also in {@code requests})
 * @param latencyMicros   latency histogram, µs (1 µs .. 1 h, 3 significant digits), measured as
 *                        {@link LoadResult#latencyMicros()}; its total count equals {@code requests}
 * @param fromWriteMicros response end − when the request was written, µs, as {@link LoadResult#fromWriteMicros()}
 */
public record EndpointResult(String name, long requests, ErrorCounts errors, Histogram latencyMicros,
                             Histogram fromWriteMicros) {
}
