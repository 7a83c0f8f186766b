package dev.awaitj.processor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Filer gave no way to read the class file javac has just written: its file manager keeps
 * the output elsewhere (in memory, or in another process) and the disk has an old copy or none.
 */
final class UnreadableClassFileException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadableClassFileException(Path path, String problem) {
        super("the class file javac has just written is not readable through the Filer: " + path + " " + problem);
    }
}
