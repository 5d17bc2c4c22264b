package io.perfharness.reports.io;

/**
 * An output location that cannot or must not be written: a folder that cannot be created or written, a
 * path through a regular file, a directory where a file is wanted, or an input of the same command. The
 * message names the flag (or what the output is) and the location; the CLI exits 2 on it.
 */
public class OutputLocationException extends RuntimeException {
    public OutputLocationException(String message) {
        super(message);
    }
}
