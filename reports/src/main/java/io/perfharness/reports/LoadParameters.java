package io.perfharness.reports;

import java.util.List;

/**
 * The parameters a load was run with; two reports are comparable only when these agree.
 *
 * @param urls            target URLs, requested round-robin
 * @param method          HTTP method
 * @param connections     concurrent connections (≥ 1)
 * @param threads         event loops (≥ 1)
 * @param durationSeconds measured window, in seconds
 * @param warmupSeconds   unrecorded warm-up before the measured window, in seconds
 * @param timeoutSeconds  per-request timeout, in seconds
 * @param rate            open-model arrival rate in requests/s; {@code null} for the closed model
 */
public record LoadParameters(List<String> urls, String method, int connections, int threads,
                             double durationSeconds, double warmupSeconds, double timeoutSeconds, Double rate) {
    public LoadParameters {
        urls = List.copyOf(urls);
    }
}
