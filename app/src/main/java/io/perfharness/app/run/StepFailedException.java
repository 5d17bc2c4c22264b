package io.perfharness.app.run;

import io.perfharness.harness.process.HarnessException;

/** A step did not complete: its command exited non-zero or ran past its timeout. The CLI exits 3. */
public class StepFailedException extends HarnessException {
    public StepFailedException(String message) {
        super(message);
    }
}
