package io.perfharness.app.cli;

import picocli.CommandLine.Option;

/** {@code -v}: stack traces with error messages. {@link Main} reads it when a command fails. */
final class Verbosity {
    @Option(names = {"-v", "--verbose"}, order = 90, description = "stack traces on errors")
    boolean verbose;
}
