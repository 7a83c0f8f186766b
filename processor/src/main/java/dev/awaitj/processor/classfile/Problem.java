package dev.awaitj.processor.classfile;

import javax.tools.Diagnostic.Kind;

/**
 * A diagnostic found in a class file, placed in the source as the class file records it: the
 * source file's path from the package ({@code com/example/Pages.java}) and the line from the line
 * table, 0 where the class file has none (a method without code). Its message is the
 * processor's, tag included.
 */
public final class Problem {
    private final Kind kind;
    private final String sourcePath;
    private final int line;
    private final String message;

    Problem(Kind kind, String sourcePath, int line, String message) {
        this.kind = kind;
        this.sourcePath = sourcePath;
        this.line = line;
        this.message = message;
    }

    public Kind kind() {
        return kind;
    }

    /** The source file relative to its source root, from the package and the SourceFile attribute. */
    public String sourcePath() {
        return sourcePath;
    }

    /** The line in the source, or 0 if the class file records none for it. */
    public int line() {
        return line;
    }

    /** {@code [Tag] text}, as the processor reports it. */
    public String message() {
        return message;
    }

    /** javac's shape: {@code com/example/Pages.java:12: error: [Tag] text}. */
    @Override
    public String toString() {
        return sourcePath + (line > 0 ? ":" + line : "") + ": "
                + (kind == Kind.ERROR ? "error" : kind == Kind.WARNING ? "warning" : "note") + ": " + message;
    }
}
