package io.perfharness.reports.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        return fifo;
    }

    @Test
    void aRegularFileIsReplacedWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("sub/r.json");
        OutputFile.writeText(file, "--report", "one");
        OutputFile.writeText(file, "--report", "two");
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(listing()).containsExactly(dir.resolve("sub"));
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertThat(s).containsExactly(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("r.json");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> OutputFile.write(file, "--report", out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessage("cannot write --report " + file + ": disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(listing()).containsExactly(file);
    }

    @Test
    void anExistingFileKeepsItsPermissionBits() throws Exception {
        Path file = dir.resolve("private.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        OutputFile.writeText(file, "-o", "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        OutputFile.writeText(file, "-o", "newer");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws Exception {
        Path target = Files.createDirectory(dir.resolve("real")).resolve("page.html");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.html"), Path.of("real/page.html"));
        OutputFile.writeText(link, "--html", "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("new");
        // a dangling link: its target is created
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.html"), dir.resolve("real/made.html"));
        OutputFile.writeText(dangling, "--html", "made");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(dir.resolve("real/made.html"))).isEqualTo("made");
    }

    @Test
    void aFifoIsWrittenStraightThroughAndStaysAFifo() throws Exception {
        Path fifo = fifo("out.fifo");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> OutputFile.writeText(fifo, "-o", "through"));
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through");
        assertThat(Files.readAttributes(fifo, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(OutputFile.isSpecial(fifo)).isTrue();
        assertThat(listing()).containsExactly(fifo);
    }

    @Test
    void devNullIsWrittenAndStaysADevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        OutputFile.checkWritable(devNull, "--report");
        OutputFile.writeText(devNull, "--report", "{}");
        assertThat(Files.readAttributes(devNull, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        assertThat(OutputFile.isSpecial(devNull)).isTrue();
        assertThat(OutputFile.isSpecial(Path.of("-"))).isTrue();
        assertThat(OutputFile.isSpecial(dir.resolve("x.json"))).isFalse();
    }

    @Test
    void aDescriptorUnderProcIsAppendedToNotReplaced() throws Exception {
        // what /dev/stdout is when the shell redirected it to a file (>>): /proc/self/fd/N -> that file
        Path file = dir.resolve("stdout.txt");
        try (FileOutputStream shell = new FileOutputStream(file.toFile(), true)) {
            shell.write("printed before\n".getBytes(StandardCharsets.UTF_8));
            shell.flush();
            Path fd = descriptorOf(file);
            OutputFile.writeText(fd, "-o", "written by -o\n");
            shell.write("printed after\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(file)).isEqualTo("printed before\nwritten by -o\nprinted after\n");
        assertThat(listing()).containsExactly(file);
    }

    @Test
    void devStdoutIsThisProcessesStandardOutputInOrder() throws Exception {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            System.out.print("before ");
            OutputFile.writeText(Path.of("/dev/stdout"), "-o", "report ");
            OutputFile.writeText(Path.of("-"), "-o", "dash ");
            OutputFile.writeText(Path.of("/dev/fd/1"), "-o", "fd ");
            System.out.print("after");
        } finally {
            System.setOut(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("before report dash fd after");
    }

    private static Path descriptorOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        return fd;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        throw new AssertionError("no descriptor of " + file);
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d.json"));
        assertThatThrownBy(() -> OutputFile.writeText(d, "-o", "x")).isInstanceOf(OutputLocationException.class)
                .hasMessage("-o " + d + ": is a directory, not a file");
        assertThatThrownBy(() -> OutputFile.checkWritable(d, "-o")).isInstanceOf(OutputLocationException.class)
                .hasMessage("-o " + d + ": is a directory, not a file");
    }

    @Test
    void checksNameTheFlagAndTheLocationBeforeAnythingIsWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> OutputFile.checkWritable(file.resolve("r.json"), "--report"))
                .isInstanceOf(OutputLocationException.class)
                .hasMessage("--report " + file.resolve("r.json") + ": cannot create a folder there, " + file + " is a file");
        assertThatThrownBy(() -> OutputFile.checkWritableFolder(file.resolve("a/b"), "--results"))
                .isInstanceOf(OutputLocationException.class)
                .hasMessage("--results " + file.resolve("a/b") + ": cannot create a folder there, " + file + " is a file");
        assertThatThrownBy(() -> OutputFile.checkWritableFolder(file, "--history"))
                .isInstanceOf(OutputLocationException.class).hasMessage("--history " + file + ": is a file, not a folder");
        assertThatThrownBy(() -> OutputFile.checkWritable(Path.of("/dev/no-such-device-here"), "--html"))
                .isInstanceOf(OutputLocationException.class).hasMessageContaining("--html /dev/no-such-device-here");
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        assertThatThrownBy(() -> OutputFile.checkWritable(loop, "-o")).isInstanceOf(OutputLocationException.class)
                .hasMessageContaining("symbolic links");
        // good locations pass and leave nothing behind
        OutputFile.checkWritable(dir.resolve("new/deeper/r.json"), "--report");
        OutputFile.checkWritableFolder(dir.resolve("results"), "--results");
        OutputFile.checkWritable(Path.of("-"), "-o");
        assertThat(listing()).containsExactly(file, loop);
    }

    @Test
    void anInputOfTheSameCommandIsNeverReplaced() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "a");
        Path inputs = Files.createDirectory(dir.resolve("pr"));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), a);
        assertThatThrownBy(() -> OutputFile.refuseInputs(a, "-o", List.of(a))).isInstanceOf(OutputLocationException.class)
                .hasMessageStartingWith("-o " + a + " is also an input of this command (" + a + ")");
        assertThatThrownBy(() -> OutputFile.refuseInputs(link, "-o", List.of(dir.resolve("./a.json"))))
                .isInstanceOf(OutputLocationException.class);
        assertThatThrownBy(() -> OutputFile.refuseInputs(inputs.resolve("sum.json"), "-o", List.of(inputs)))
                .isInstanceOf(OutputLocationException.class).hasMessageContaining("inside the input folder " + inputs);
        // not read as an input: allowed
        OutputFile.refuseInputs(inputs.resolve("sum.md"), "-o", List.of(inputs, a));
        OutputFile.refuseInputs(dir.resolve("b.json"), "-o", List.of(inputs, a));
        OutputFile.refuseInputs(Path.of("/dev/null"), "-o", List.of(a));
    }
}
