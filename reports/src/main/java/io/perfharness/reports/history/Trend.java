package io.perfharness.reports.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.io.TerminalText;

/**
 * Throughput and p99 commit by commit, from a {@link ReportHistory}: the medians over every repetition
 * stored for each commit, with their smallest and largest, oldest commit first (by commit time when git
 * knows the commits, else by the reports' time).
 *
 * @param step    the step drawn, or null for all
 * @param commits one entry per commit folder
 */
public record Trend(String step, List<Entry> commits) {

    public Trend {
        commits = List.copyOf(commits);
    }

    /**
     * One commit.
     *
     * @param commit       the folder name: a commit hash, {@code <hash>-dirty} or {@code nogit}
     * @param subject      the commit's subject line, or empty when git does not know it
     * @param time         when it was measured (the newest report), ISO-8601
     * @param reports      report files
     * @param repetitions  repetitions over all its reports
     * @param throughput   median req/s of the repetitions, with min and max
     * @param p99Ms        median p99 of the repetitions in ms, with min and max
     */
    public record Entry(String commit, String subject, String time, int reports, int repetitions,
                        Spread throughput, Spread p99Ms) {

        /** @return the first 12 characters of the commit, with {@code -dirty} kept */
        public String shortCommit() {
            boolean dirty = commit.endsWith("-dirty");
            String hash = dirty ? commit.substring(0, commit.length() - 6) : commit;
            return (hash.length() > 12 ? hash.substring(0, 12) : hash) + (dirty ? "-dirty" : "");
        }
    }

    /** Median, smallest and largest of some samples. */
    public record Spread(double median, double min, double max) {
        static Spread of(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Spread(median, n == 0 ? Double.NaN : s[0], n == 0 ? Double.NaN : s[n - 1]);
        }
    }

    /**
     * @param history the history
     * @param repo    a git work tree to order commits and name them by; any folder otherwise
     * @param step    the step to draw, or null for all
     */
    public static Trend of(ReportHistory history, Path repo, String step) {
        Git git = new Git(repo);
        List<Entry> entries = new ArrayList<>();
        List<Long> order = new ArrayList<>();
        for (var e : history.commits(step).entrySet()) {
            List<RunReport> reports = ReportHistory.read(e.getValue());
            List<Repetition> reps = new ArrayList<>();
            reports.forEach(r -> reps.addAll(r.runs()));
            Instant newest = reports.stream().map(r -> ReportHistory.parse(r.meta().timestamp()))
                    .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            String hash = e.getKey().endsWith("-dirty") ? e.getKey().substring(0, e.getKey().length() - 6) : e.getKey();
            // only a full hash is a commit: any other folder name is never given to git
            boolean commit = Git.isCommitHash(hash);
            Optional<Long> committed = commit ? git.commitTimes(List.of(hash)).get(0) : Optional.empty();
            order.add(committed.orElse(newest.getEpochSecond()) * 2 + (e.getKey().endsWith("-dirty") ? 1 : 0));
            entries.add(new Entry(e.getKey(), commit ? git.subject(hash).orElse("") : "", newest.toString(),
                    reports.size(), reps.size(),
                    Spread.of(reps.stream().mapToDouble(Repetition::requestsPerSecond).toArray()),
                    Spread.of(reps.stream().mapToDouble(r -> r.latency().p99Us() / 1000.0).toArray())));
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparing(order::get));
        return new Trend(step, idx.stream().map(entries::get).toList());
    }

    /** @return a plain table, oldest commit first */
    public String text() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-18s %-20s %5s %12s %10s  %s%n",
                "commit", "measured", "reps", "req/s", "p99 ms", "subject"));
        for (Entry e : commits) {
            sb.append(String.format(Locale.ROOT, "%-18s %-20s %5d %12.1f %10.3f  %s%n", TerminalText.escape(e.shortCommit()),
                    TerminalText.escape(e.time()), e.repetitions(), e.throughput().median(), e.p99Ms().median(),
                    TerminalText.escape(e.subject())));
        }
        return sb.toString();
    }
}
