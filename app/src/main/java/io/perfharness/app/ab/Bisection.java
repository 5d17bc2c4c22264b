package io.perfharness.app.ab;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * git-bisect over the first-parent commits between a good and a bad commit, each step an {@code ab} of
 * the commit against the good one: finds the first commit that regresses. Assumes, as git bisect does,
 * that once a commit regresses every later one does too. The bad commit is measured first: when it does
 * not regress there is nothing to find.
 */
public final class Bisection {

    /**
     * @param outcome    regression (a culprit found), no regression (bad does not regress), or inconclusive
     *                   (a step could not decide; the culprit is then somewhere in {@code first..last})
     * @param culprit    the first regressing commit, or null
     * @param result     the culprit's ab against good, or the step that decided the outcome
     * @param first      when inconclusive: the oldest commit that may be the culprit
     * @param last       when inconclusive: the newest commit that may be the culprit
     * @param steps      how many ab were run
     */
    public record Outcome(AbResult.Outcome outcome, String culprit, AbResult result, String first, String last, int steps) {
    }

    private Bisection() {
    }

    /**
     * @param commits     the first-parent commits after good up to bad, oldest first (bad last), at least 1
     * @param againstGood an ab of a commit against the good one
     */
    public static Outcome run(List<String> commits, Function<String, AbResult> againstGood, GitRepo repo, PrintStream progress) {
        int steps = 1;
        String bad = commits.get(commits.size() - 1);
        progress.println("bisect: " + commits.size() + " commit(s) after good; measuring bad " + describe(repo, bad));
        AbResult r = againstGood.apply(bad);
        if (r.outcome() != AbResult.Outcome.REGRESSION) {
            return new Outcome(r.outcome(), null, r, commits.get(0), bad, steps);
        }
        int lo = -1; // known not to regress (good)
        int hi = commits.size() - 1; // known to regress
        AbResult culprit = r;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            progress.println("bisect: " + (hi - lo - 1) + " commit(s) left to test; measuring " + describe(repo, commits.get(mid)));
            AbResult m = againstGood.apply(commits.get(mid));
            steps++;
            switch (m.outcome()) {
                case REGRESSION -> {
                    hi = mid;
                    culprit = m;
                }
                case NO_REGRESSION -> lo = mid;
                case INCONCLUSIVE -> {
                    return new Outcome(AbResult.Outcome.INCONCLUSIVE, null, m, commits.get(lo + 1), commits.get(hi), steps);
                }
            }
        }
        return new Outcome(AbResult.Outcome.REGRESSION, commits.get(hi), culprit, commits.get(hi), commits.get(hi), steps);
    }

    public static String describe(GitRepo repo, String commit) {
        return commit.substring(0, Math.min(12, commit.length())) + " " + repo.subject(commit);
    }
}
