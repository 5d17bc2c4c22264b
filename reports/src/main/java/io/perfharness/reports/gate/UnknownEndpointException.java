package io.perfharness.reports.gate;

import java.util.List;

/** A gate names an endpoint the report (or the load) does not have: bad input, like a gate that does not parse. */
public class UnknownEndpointException extends GateSyntaxException {

    /**
     * @param gate     the gate as written
     * @param endpoint the endpoint it names
     * @param known    the endpoints there are (maybe none)
     */
    public UnknownEndpointException(String gate, String endpoint, List<String> known) {
        super("gate '" + gate + "': no endpoint '" + endpoint + "' in "
                + (known.isEmpty() ? "this load (it has no named endpoints)" : "this load (it has " + String.join(", ", known) + ")"));
    }
}
