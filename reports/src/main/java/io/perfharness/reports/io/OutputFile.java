package io.perfharness.reports.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Set;

/**
 * Where every output of perfharness (reports, {@code .hlog} files, HTML pages, history copies, markdown)
 * is written, and the checks made before a run that it can be.
 *
 * <ul>
 *   <li>A regular file, or a path that does not exist yet, is written atomically: a temporary file in the
 *       same folder, then a rename, so a reader never sees half a file. Missing folders are created. An
 *       existing file keeps its permission bits (and, where allowed, its owner and group).</li>
 *   <li>A symbolic link is followed: its target is written, the link stays.</li>
 *   <li>{@code -} is standard output, and so are {@code /dev/stdout}, {@code /dev/fd/1} and
 *       {@code /proc/self/fd/1} (written through {@code System.out}, so what is printed before and after stays
 *       in order; the same for standard error); a device, FIFO or socket, and anything under {@code /dev} or
 *       {@code /proc} ({@code /dev/null}, {@code /dev/stdout}), is written straight through (appending, never
 *       truncating, so {@code /dev/stdout} redirected to a file keeps what was printed before). Such a
 *       file is never replaced.</li>
 * </ul>
 *
 * <pre>{@code
 * OutputFile.checkWritable(Path.of("out/report.json"), "--report");   // before the load: exit 2 if not
 * OutputFile.writeText(Path.of("out/summary.md"), "-o", markdown);      // after it
 * }</pre>
 */
public final class OutputFile {

    /** The file name that means standard output. */
    public static final String STDOUT = "-";

    /** How deep a chain of symbolic links is followed (the kernel's limit). */
    private static final int MAX_LINKS = 40;

    /** The names of this process's standard output, written through {@code System.out} like {@code -}. */
    private static final Set<Path> STDOUT_NAMES = Set.of(Path.of("/dev/stdout"), Path.of("/dev/fd/1"),
            Path.of("/proc/self/fd/1"));

    private static final Set<Path> STDERR_NAMES = Set.of(Path.of("/dev/stderr"), Path.of("/dev/fd/2"),
            Path.of("/proc/self/fd/2"));

    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFile() {
    }

    /** What goes into a file. */
    public interface Content {
        /** Writes the whole content to {@code out}; {@code out} is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file} as described in the class documentation.
     *
     * @param what what the file is, for messages: a flag ({@code --html}) or a word ({@code report})
     * @throws OutputLocationException when {@code file} is a directory or a chain of links too long
     * @throws UncheckedIOException     when writing fails
     */
    public static void writeText(Path file, String what, String text) {
        write(file, what, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code content} to {@code file} as described in the class documentation.
     *
     * @param what what the file is, for messages: a flag ({@code --html}) or a word ({@code report})
     * @throws OutputLocationException when {@code file} is a directory or a chain of links too long
     * @throws UncheckedIOException     when writing fails
     */
    public static void write(Path file, String what, Content content) {
        try {
            java.io.PrintStream standard = standardStream(file);
            if (standard != null) {
                // the stream stays open: the command prints after this. /dev/stdout goes through the same
                // descriptor: a second open of the file the shell redirected it to would write over it
                OutputStream out = new BufferedOutputStream(new FilterOutputStream(standard) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                });
                content.writeTo(out);
                out.close();
                return;
            }
            if (underDevOrProc(file)) {
                writeThrough(file, content);
                return;
            }
            Path target = resolve(file, what);
            if (Files.isDirectory(target)) {
                throw new OutputLocationException(what + " " + file + ": is a directory, not a file");
            }
            if (isSpecialResolved(file, target)) {
                writeThrough(file, content);
            } else {
                writeAtomically(target, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + file + ": " + reason(e), e);
        }
    }

    /**
     * @return whether {@code file} is written straight through rather than replaced: standard output
     *         ({@code -}), a path under {@code /dev} or {@code /proc}, or (after following links) an existing
     *         file that is neither regular nor a directory
     */
    public static boolean isSpecial(Path file) {
        if (isStdout(file) || underDevOrProc(file)) {
            return true;
        }
        try {
            return isSpecialResolved(file, resolve(file, "file"));
        } catch (IOException | OutputLocationException e) {
            return false;
        }
    }

    /**
     * Checks, before anything is run, that {@code file} can be written: standard output, a writable
     * device or FIFO, or a regular file (writable when it exists) in a folder that exists or can be
     * created and can be written.
     *
     * @param what the flag that named it ({@code --report}), for the message
     * @throws OutputLocationException naming {@code what} and {@code file} and saying what is wrong
     */
    public static void checkWritable(Path file, String what) {
        if (isStdout(file)) {
            return;
        }
        if (underDevOrProc(file)) {
            if (!Files.exists(file)) {
                throw new OutputLocationException(what + " " + file + ": no such device or file");
            }
            if (!Files.isWritable(file)) {
                throw new OutputLocationException(what + " " + file + ": not writable");
            }
            return;
        }
        Path target;
        try {
            target = resolve(file, what);
        } catch (IOException e) {
            throw new OutputLocationException(what + " " + file + ": " + reason(e));
        }
        if (Files.isDirectory(target)) {
            throw new OutputLocationException(what + " " + file + ": is a directory, not a file");
        }
        if (isSpecialResolved(file, target)) {
            if (!Files.isWritable(file)) {
                throw new OutputLocationException(what + " " + file + ": not writable");
            }
            return;
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new OutputLocationException(what + " " + file + ": the file is read-only");
        }
        checkFolder(target.getParent(), what, file);
    }

    /**
     * Checks, before anything is run, that {@code dir} is a folder that exists or can be created, and in
     * which files can be created (a file is created there and deleted at once to make sure).
     *
     * @param what the flag that named it ({@code --results}), for the message
     * @throws OutputLocationException naming {@code what} and {@code dir} and saying what is wrong
     */
    public static void checkWritableFolder(Path dir, String what) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new OutputLocationException(what + " " + dir + ": is a file, not a folder");
        }
        checkFolder(abs, what, dir);
    }

    private static void checkFolder(Path folder, String what, Path given) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new OutputLocationException(what + " " + given + ": no folder of it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new OutputLocationException(what + " " + given + ": cannot create a folder there, " + existing
                    + " is a file");
        }
        try {
            Path probe = Files.createTempFile(existing, ".perfharness-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new OutputLocationException(what + " " + given + ": cannot write in " + existing + ": " + reason(e));
        }
    }

    /**
     * Refuses an output that would replace an input of the same command: the same file (through links
     * too), or a {@code .json} file anywhere inside an input folder (which would be read as a report the
     * next time).
     *
     * @param what   the flag of the output ({@code -o}), for the message
     * @param inputs the command's input files and folders
     * @throws OutputLocationException naming {@code what}, the output and the input
     */
    public static void refuseInputs(Path output, String what, Collection<Path> inputs) {
        if (output == null || isStdout(output) || isSpecial(output)) {
            return;
        }
        Path out;
        try {
            out = real(resolve(output, what));
        } catch (IOException e) {
            return; // checkWritable or the write says what is wrong with it
        }
        for (Path input : inputs) {
            if (input == null || !Files.exists(input)) {
                continue;
            }
            Path in;
            try {
                in = input.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (out.equals(in)) {
                throw new OutputLocationException(what + " " + output + " is also an input of this command ("
                        + input + "): it would be replaced; write the output elsewhere");
            }
            if (Files.isDirectory(in) && out.startsWith(in) && out.getFileName().toString().endsWith(".json")) {
                throw new OutputLocationException(what + " " + output + " is inside the input folder " + input
                        + ", where it would be read as a report; write the output elsewhere");
            }
        }
    }

    /** @return the absolute path with every link of its parent resolved, as far as it exists */
    private static Path real(Path p) throws IOException {
        if (Files.exists(p)) {
            return p.toRealPath();
        }
        Path parent = p.getParent();
        return parent == null ? p : real(parent).resolve(p.getFileName());
    }

    /** @return System.out for {@code -} and the names of descriptor 1, System.err for those of 2, else null */
    private static java.io.PrintStream standardStream(Path file) {
        if (isStdout(file)) {
            return System.out;
        }
        Path abs = file.toAbsolutePath().normalize();
        return STDOUT_NAMES.contains(abs) ? System.out : STDERR_NAMES.contains(abs) ? System.err : null;
    }

    private static boolean isStdout(Path file) {
        return file.toString().equals(STDOUT);
    }

    /**
     * Devices and the kernel's files are written as given: {@code /dev/stdout} is a link to
     * {@code /proc/self/fd/1}, itself a link to {@code pipe:[123]} or to a file the shell opened, which must
     * be written through the open descriptor, never replaced.
     */
    private static boolean underDevOrProc(Path given) {
        Path abs = given.toAbsolutePath().normalize();
        return abs.startsWith("/dev") || abs.startsWith("/proc");
    }

    private static boolean isSpecialResolved(Path given, Path target) {
        return underDevOrProc(given)
                || Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
    }

    /** @return {@code file} with every symbolic link at its end followed (the file itself may not exist) */
    private static Path resolve(Path file, String what) throws IOException {
        Path p = file.toAbsolutePath();
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new OutputLocationException(what + " " + file + ": more than " + MAX_LINKS
                        + " symbolic links in a chain (a loop?)");
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        return p;
    }

    private static void writeThrough(Path file, Content content) throws IOException {
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND))) {
            content.writeTo(out);
        }
    }

    private static void writeAtomically(Path target, Content content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        Path tmp = Files.createTempFile(dir, "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(out);
            }
            keepAttributes(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and named after the output
                }
            }
        }
    }

    /** Gives the temporary file the mode of the file it replaces (a new file: rw-r--r--, not the temp's rw-------). */
    private static void keepAttributes(Path target, Path tmp) throws IOException {
        PosixFileAttributeView tmpView = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (tmpView == null) {
            return; // not a POSIX file system: keep its defaults
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            tmpView.setPermissions(NEW_FILE_MODE);
            return;
        }
        PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        tmpView.setPermissions(old.permissions());
        try {
            PosixFileAttributes now = tmpView.readAttributes();
            if (!now.owner().equals(old.owner())) {
                tmpView.setOwner(old.owner());
            }
            if (!now.group().equals(old.group())) {
                tmpView.setGroup(old.group());
            }
        } catch (IOException | SecurityException e) {
            // only root may give a file away: the file then belongs to whoever wrote it
        }
    }

    /** @return why an I/O operation failed, in words (no Java type names) */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse) {
            String r = fse.getReason();
            if (r != null) {
                return r;
            }
            if (e instanceof java.nio.file.NoSuchFileException) {
                return "no such file or directory";
            }
            if (e instanceof java.nio.file.AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof java.nio.file.FileAlreadyExistsException) {
                return "a file is in the way";
            }
            if (e instanceof java.nio.file.NotDirectoryException) {
                return "not a directory";
            }
            return "file system error";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }
}
