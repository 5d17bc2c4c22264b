package io.perfharness.harness.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ProcessBuilder} that runs a spec's command through a small launcher which, in the
 * process that then becomes the command (so its pid is the service's own):
 * <ol>
 *   <li>joins the run's cgroup, when there is one, before anything can fork;</li>
 *   <li>starts a new session and process group ({@code setsid});</li>
 *   <li>resets every signal to its default disposition and empties the blocked mask;</li>
 *   <li>execs the command.</li>
 * </ol>
 * Why 3: a child of this JVM inherits the mask of the Java thread that started it, in which HotSpot
 * blocks QUIT (and, depending on the launching thread, nearly every signal), and descendants inherit
 * it: nginx's graceful stop (QUIT) then never arrives. Only {@code sigprocmask} before exec clears
 * it — no coreutils or util-linux tool does — so the launcher is Perl (perl-base, present wherever
 * Debian or most distributions are). Without Perl it falls back to {@code sh}, {@code setsid} and
 * {@code env --default-signal}: dispositions are reset, and the mask is cleared only when {@code sh} is
 * one that clears it on {@code exec} (dash, Debian's, does); {@link #masksCleared()} says which.
 */
final class Launcher {
    private static final String PERL = """
            # perfharness-launcher
            use POSIX ();
            my $cg = shift @ARGV;
            if ($cg ne '') {
                open(my $f, '>>', $cg) or die "perfharness launcher: cannot open $cg: $!\\n";
                print $f "0\\n";
                close($f) or die "perfharness launcher: cannot join cgroup $cg: $!\\n";
            }
            POSIX::setsid();
            for my $n (1 .. 64) {
                next if $n == 9 || $n == 19 || $n == 32 || $n == 33;
                POSIX::sigaction($n, POSIX::SigAction->new('DEFAULT'));
            }
            POSIX::sigprocmask(POSIX::SIG_SETMASK(), POSIX::SigSet->new())
                or die "perfharness launcher: sigprocmask: $!\\n";
            exec { $ARGV[0] } @ARGV or die "perfharness launcher: cannot run $ARGV[0]: $!\\n";
            """;
    private static final String SH = """
            # perfharness-launcher
            if [ -n "$1" ]; then echo 0 > "$1" || exit 126; fi
            shift
            exec setsid env --default-signal "$@"
            """;
    private static final String PERL_PATH = findPerl();

    private Launcher() {
    }

    /** @return whether launched processes surely start with an empty signal mask (Perl was found) */
    static boolean masksCleared() {
        return PERL_PATH != null;
    }

    /**
     * @param cgroup the cgroup to join, or null
     * @param marker the run's marker, given as {@link ProcessTree#MARKER_VARIABLE}
     */
    static ProcessBuilder processBuilder(ProcessSpec spec, Cgroup cgroup, String marker) {
        List<String> cmd = new ArrayList<>();
        String join = cgroup == null ? "" : cgroup.procsFile().toString();
        if (PERL_PATH != null) {
            cmd.addAll(List.of(PERL_PATH, "-e", PERL, "--", join));
        } else {
            cmd.addAll(List.of("sh", "-c", SH, "perfharness-launcher", join));
        }
        cmd.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (spec.cwd() != null) {
            pb.directory(spec.cwd().toFile());
        }
        if (!spec.inheritEnv()) {
            pb.environment().clear();
        }
        pb.environment().putAll(spec.env());
        pb.environment().put(ProcessTree.MARKER_VARIABLE, marker);
        pb.environment().put(ProcessTree.OWNER_VARIABLE, ProcessTree.ownerId());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return pb;
    }

    private static String findPerl() {
        if (Boolean.getBoolean("perfharness.noPerl")) {
            return null;
        }
        for (String dir : ("/usr/bin" + File.pathSeparator + System.getenv().getOrDefault("PATH", "")).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "perl"))) {
                return Path.of(dir, "perl").toString();
            }
        }
        return null;
    }
}
