package io.perfharness.harness.process;

/**
 * How a managed process's tree is held together, so that a stop finds all of it. Which one a process
 * gets: {@link #available()} unless its spec names one.
 */
public enum Containment {
    /**
     * A cgroup v2 of its own, joined by the launcher before the command runs: every descendant is in it
     * whatever it does (double fork, new session, {@code env -i}); a stop ends it with {@code cgroup.kill},
     * and the cgroup counts the tree's CPU time. Needs a writable cgroup2 mount with {@code cgroup.kill}
     * (Linux 5.14+, as root or with a delegated subtree).
     */
    CGROUP,
    /**
     * The process group, the descendants seen, the probe's pid files, and an environment marker every
     * descendant inherits ({@code PERFHARNESS_MARKER}). A daemon that leaves the session, is re-parented
     * and clears its environment, and writes no pid file the probe names, escapes it.
     */
    MARKER;

    /**
     * @return the strongest containment this JVM can give: {@link #CGROUP} when a cgroup could be made
     *         for it, else {@link #MARKER}. System property {@code perfharness.containment=marker} forces MARKER.
     */
    public static Containment available() {
        return Cgroup.available() ? CGROUP : MARKER;
    }
}
