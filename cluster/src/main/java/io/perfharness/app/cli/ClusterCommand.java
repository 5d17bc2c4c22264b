package io.perfharness.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code perfharness cluster}: loads made by several agents together. Its one subcommand is {@code run}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"More load than one machine makes: agents (processes here, or pods of a Kubernetes Job) each make",
                "a share of a load step from the same instant; their histograms are merged and the gates judged on the whole."},
        subcommands = {ClusterRunCommand.class})
final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run (see --help)");
    }
}
