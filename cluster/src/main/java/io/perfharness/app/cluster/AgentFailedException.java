package io.perfharness.app.cluster;

import io.perfharness.harness.process.HarnessException;

/** An agent of a cluster run failed, or the agents did not finish in time: the run fails (exit 3). */
public class AgentFailedException extends HarnessException {
    public AgentFailedException(String message) {
        super(message);
    }
}
