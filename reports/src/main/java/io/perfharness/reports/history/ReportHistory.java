package io.perfharness.reports.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.io.FileNames;

/**
 * A folder of reports kept by the commit they measured: {@code DIR/<commit>/<time>-<step>.json}. Reports
 * of a work tree with changes not committed go to {@code DIR/<commit>-dirty/} and are never picked as
 * a baseline; reports made outside git go to {@code DIR/nogit/}.
 *
 * <pre>{@code
 * ReportHistory history = new ReportHistory(Path.of("perf-history"));
 * history.store(report);                                          // after run
 * Optional<ReportHistory.Baseline> base = history.baseline(Path.of("."), "main", headCommit, "http");
 * }</pre>
 */
public final class ReportHistory {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** How far back along the main branch a baseline is looked for, in commits. */
    static final int SEARCH_DEPTH = 1000;

    private final Path dir;

    /** @param dir the history folder (created on the first {@link #store}) */
    public ReportHistory(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** @return the history folder */
    public Path dir() {
        return dir;
    }

    /**
     * Keeps {@code report} under the commit it measured (atomically, never replacing another report).
     *
     * @return the file written
     */
    public Path store(RunReport report) {
        Path folder = dir.resolve(folderOf(report));
        String time;
        try {
            time = FILE_TIME.format(Instant.parse(report.meta().timestamp()));
        } catch (RuntimeException e) {
            time = FILE_TIME.format(Instant.now());
        }
        String step = report.step() == null ? "load" : FileNames.safe(report.step());
        Path file = folder.resolve(time + "-" + step + ".json");
        for (int i = 2; Files.exists(file); i++) {
            file = folder.resolve(time + "-" + step + "-" + i + ".json");
        }
        ReportFiles.write(report, file);
        return file;
    }

    /**
     * @return the folder name of a report: its commit, {@code <commit>-dirty}, or {@code nogit}; a commit read
     *         from a report is made a safe name first, so it cannot lead out of the history folder
     */
    static String folderOf(RunReport report) {
        var git = report.meta().git();
        if (git == null) {
            return "nogit";
        }
        return FileNames.safe(git.commit() + (git.dirty() ? "-dirty" : ""));
    }

    /**
     * The baseline of a change: the reports of {@code step} stored for the merge-base of {@code head} and
     * {@code mainBranch}, or, when that commit has none, for its newest first-parent ancestor that has some.
     * Without git (or when neither commit is known to it) the newest clean commit folder with reports of the
     * step, other than {@code head}'s.
     *
     * @param repo       a git work tree that knows both commits
     * @param mainBranch {@code main}, {@code origin/main}, ...; when it is not known, {@code origin/<it>} is tried
     * @param head       the commit under test (a hash or any revision)
     * @param step       the step whose reports are wanted; null for any
     * @return empty when the history has no report to compare with
     * @throws ReportFormatException when a stored report cannot be read
     */
    public Optional<Baseline> baseline(Path repo, String mainBranch, String head, String step) {
        Git git = new Git(repo);
        Optional<String> headCommit = git.resolve(head);
        Optional<String> main = git.resolve(mainBranch).or(() -> git.resolve("origin/" + mainBranch));
        if (headCommit.isPresent() && main.isPresent()) {
            Optional<String> base = git.mergeBase(headCommit.get(), main.get());
            if (base.isPresent()) {
                for (String c : git.firstParents(base.get(), SEARCH_DEPTH)) {
                    List<Path> files = reports(dir.resolve(c), step);
                    if (!files.isEmpty()) {
                        return Optional.of(new Baseline(c, c.equals(base.get()), files, read(files)));
                    }
                }
                return Optional.empty();
            }
        }
        // no git answer: the newest clean commit folder by report time
        String skip = headCommit.orElse(head);
        Baseline newest = null;
        Instant newestTime = null;
        for (Map.Entry<String, List<Path>> e : commits(step).entrySet()) {
            if (e.getKey().equals(skip) || e.getKey().endsWith("-dirty") || e.getKey().equals("nogit")) {
                continue;
            }
            List<RunReport> reports = read(e.getValue());
            Instant t = reports.stream().map(r -> parse(r.meta().timestamp())).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
            if (newestTime == null || t.isAfter(newestTime)) {
                newestTime = t;
                newest = new Baseline(e.getKey(), false, e.getValue(), reports);
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * @param step the step whose reports are wanted; null for any
     * @return every commit folder with reports of {@code step}, by folder name, with its report files in name order
     */
    public Map<String, List<Path>> commits(String step) {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path folder : s.filter(Files::isDirectory).sorted().toList()) {
                List<Path> files = reports(folder, step);
                if (!files.isEmpty()) {
                    out.put(folder.getFileName().toString(), files);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Path> reports(Path folder, String step) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = new ArrayList<>();
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                if (step == null || step.equals(ReportFiles.read(f).step())) {
                    files.add(f);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    static List<RunReport> read(List<Path> files) {
        return files.stream().map(ReportFiles::read).toList();
    }

    static Instant parse(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * The reports to compare a change with.
     *
     * @param commit     the commit they measured
     * @param mergeBase  whether that commit is the merge-base itself (else an older commit of the main branch)
     * @param files      the report files
     * @param reports    the reports
     */
    public record Baseline(String commit, boolean mergeBase, List<Path> files, List<RunReport> reports) {
        public Baseline {
            files = List.copyOf(files);
            reports = List.copyOf(reports);
        }
    }
}
