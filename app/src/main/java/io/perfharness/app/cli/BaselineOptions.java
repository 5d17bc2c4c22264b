package io.perfharness.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** How a history folder's baseline is found in git: shared by {@code compare --baseline} and {@code run}'s 'vs baseline' gates. */
final class BaselineOptions {

    @Option(names = "--main-branch", paramLabel = "BRANCH", defaultValue = "main", order = 60,
            description = "the main branch whose merge-base is the baseline (default: ${DEFAULT-VALUE}; origin/BRANCH is tried too)")
    String mainBranch;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", order = 61,
            description = "the git work tree of the code under test: its commit is recorded in reports and its history finds the baseline (default: the current directory)")
    Path repo;
}
