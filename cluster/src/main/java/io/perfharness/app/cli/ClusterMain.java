package io.perfharness.app.cli;

import picocli.CommandLine;

/**
 * The entry point of the cluster jar ({@code cluster/target/perfharness-cluster.jar}): every {@code perfharness}
 * command plus {@code cluster}. It is a jar of its own so that the Kubernetes client it carries (about 13 MB)
 * does not weigh on every other command; {@code ./perfharness cluster ...} runs it.
 */
public final class ClusterMain {
    private ClusterMain() {
    }

    /** @return the command line of the cluster jar: {@link Main#commandLine()} with {@code cluster} added */
    public static CommandLine commandLine() {
        return Main.commandLine().addSubcommand(new ClusterCommand());
    }

    public static void main(String[] args) {
        Main.run(commandLine(), args);
    }
}
