package dev.awaitj.processor.classfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rewrites every class file in a class folder in place (an IDE's or a build's output folder).
 *
 * <pre>{@code
 * FolderRewrite.Summary summary = FolderRewrite.run(Path.of("bin/main"), List.of(Path.of("lib/awaitj-runtime.jar")), false);
 * summary.problems().forEach(System.err::println);
 * }</pre>
 */
public final class FolderRewrite {
    private FolderRewrite() {
    }

    /** What one run did. */
    public static final class Summary {
        private final int examined;
        private final int rewritten;
        private final int alreadyRewritten;
        private final List<Problem> problems;

        Summary(int examined, int rewritten, int alreadyRewritten, List<Problem> problems) {
            this.examined = examined;
            this.rewritten = rewritten;
            this.alreadyRewritten = alreadyRewritten;
            this.problems = problems;
        }

        /** Class files read. */
        public int examined() {
            return examined;
        }

        /** Class files written back rewritten. */
        public int rewritten() {
            return rewritten;
        }

        /** Class files left alone because an earlier rewrite (the processor's or a run's) marked them. */
        public int alreadyRewritten() {
            return alreadyRewritten;
        }

        public List<Problem> problems() {
            return problems;
        }

        public boolean hasErrors() {
            return problems.stream().anyMatch(p -> p.kind() == javax.tools.Diagnostic.Kind.ERROR);
        }

        @Override
        public String toString() {
            return "awaitj: " + rewritten + " of " + examined + " class files rewritten, " + alreadyRewritten
                    + " already rewritten" + (problems.isEmpty() ? "" : ", " + problems.size() + " problems");
        }
    }

    /**
     * Rewrites the class files under {@code folder}; {@code classPath} is what they refer to
     * (the folder itself is looked in first). Class files with errors are left as they are.
     */
    public static Summary run(Path folder, List<Path> classPath, boolean debugLocals) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
        }
        List<Path> entries = new ArrayList<>();
        entries.add(folder);
        entries.addAll(classPath);
        int rewritten = 0;
        int already = 0;
        List<Problem> problems = new ArrayList<>();
        try (ClassPath path = ClassPath.of(entries)) {
            ClassFileRewrite rewrite = new ClassFileRewrite(path, debugLocals);
            for (Path file : files) {
                ClassFileRewrite.Outcome outcome = rewrite.rewrite(Files.readAllBytes(file));
                problems.addAll(outcome.problems());
                if (outcome.bytes() != null) {
                    Files.write(file, outcome.bytes());
                    rewritten++;
                } else if (outcome.alreadyRewritten()) {
                    already++;
                }
            }
        }
        return new Summary(files.size(), rewritten, already, problems);
    }
}
