package dev.awaitj.processor.classfile;

import dev.awaitj.processor.check.Diagnostic;
import dev.awaitj.processor.rewrite.ClassRewriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic.Kind;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The awaitj rewrite for compiled classes, where the processor could not run in the compiler
 * (the Eclipse compiler, in Eclipse and VS Code): the checks the processor makes on source
 * ({@link BytecodeChecks}), then the same {@link ClassRewriter} the processor runs on javac's
 * output. A class with misuse is not rewritten. The rewrite marks the methods it rewrites
 * {@code @Rewritten}, so a class rewritten by the processor or by an earlier run is left alone
 * and reported as such.
 *
 * <pre>{@code
 * try (ClassPath path = ClassPath.of(List.of(classes, dependencyJar))) {
 *     ClassFileRewrite rewrite = new ClassFileRewrite(path, false);
 *     ClassFileRewrite.Outcome outcome = rewrite.rewrite(Files.readAllBytes(file));
 *     outcome.problems().forEach(System.err::println);
 *     if (outcome.bytes() != null) Files.write(file, outcome.bytes());
 * }
 * }</pre>
 */
public final class ClassFileRewrite {
    /** A class file that names none of these has nothing for awaitj to check or rewrite. */
    private static final List<byte[]> AWAITJ_NAMES = List.of(
            "dev/awaitj/Await".getBytes(StandardCharsets.US_ASCII),
            "dev/awaitj/annotation/Async".getBytes(StandardCharsets.US_ASCII),
            "dev/awaitj/stream/Emitter".getBytes(StandardCharsets.US_ASCII));

    private final BytecodeChecks checks;
    private final ClassPathHierarchy hierarchy;
    private final boolean debugLocals;

    /**
     * {@code classPath} holds the classes being rewritten and everything they refer to; with
     * {@code debugLocals} suspensions save every local in scope (the processor's
     * {@code -Aawaitj.debugLocals=true}).
     */
    public ClassFileRewrite(ClassPath classPath, boolean debugLocals) {
        this.checks = new BytecodeChecks(classPath);
        this.hierarchy = new ClassPathHierarchy(classPath);
        this.debugLocals = debugLocals;
    }

    /** What became of one class file. */
    public static final class Outcome {
        private final byte[] bytes;
        private final List<Problem> problems;
        private final List<String> rewritten;
        private final boolean alreadyRewritten;

        Outcome(byte[] bytes, List<Problem> problems, List<String> rewritten, boolean alreadyRewritten) {
            this.bytes = bytes;
            this.problems = problems;
            this.rewritten = rewritten;
            this.alreadyRewritten = alreadyRewritten;
        }

        /** The rewritten class file to write in place of the old one; null to leave it as it is. */
        public byte[] bytes() {
            return bytes;
        }

        /** Misuse and rewrite failures, errors and warnings, in class-file order. */
        public List<Problem> problems() {
            return problems;
        }

        /** Whether any problem is an error (then {@link #bytes} is null). */
        public boolean hasErrors() {
            return problems.stream().anyMatch(p -> p.kind() == Kind.ERROR);
        }

        /** The methods rewritten, as the user wrote them ({@code com.example.Pages.title(java.net.URI)}). */
        public List<String> rewritten() {
            return rewritten;
        }

        /** Whether the class was already rewritten (by the processor, or by an earlier run). */
        public boolean alreadyRewritten() {
            return alreadyRewritten;
        }
    }

    /** Checks and rewrites one class file; the bytes are not changed. */
    public Outcome rewrite(byte[] classFile) {
        if (!mentionsAwaitj(classFile)) {
            return new Outcome(null, List.of(), List.of(), false);
        }
        ClassNode type = new ClassNode();
        try {
            new ClassReader(classFile).accept(type, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException unreadable) {
            return new Outcome(null, List.of(new Problem(Kind.ERROR, "?", 0, Diagnostic.REWRITE_FAILED.message(
                    "a class file", "it cannot be read (" + unreadable + ")"))), List.of(), false);
        }
        List<Problem> problems = new ArrayList<>(checks.check(type));
        if (problems.stream().anyMatch(p -> p.kind() == Kind.ERROR)) {
            return new Outcome(null, problems, List.of(), false);
        }
        ClassRewriter.Result result = ClassRewriter.rewrite(classFile, hierarchy, debugLocals);
        for (ClassRewriter.MethodProblem problem : result.problems) {
            problems.add(new Problem(Kind.ERROR, BytecodeChecks.sourcePath(type), firstLine(type, problem),
                    Diagnostic.REWRITE_FAILED.message(problem.method, problem.reason)));
        }
        if (!result.problems.isEmpty()) {
            return new Outcome(null, problems, List.of(), false);
        }
        return new Outcome(result.bytes, problems, result.rewritten, result.alreadyRewritten);
    }

    private static int firstLine(ClassNode type, ClassRewriter.MethodProblem problem) {
        for (MethodNode method : type.methods) {
            if (method.name.equals(problem.name) && method.desc.equals(problem.descriptor)) {
                return BytecodeChecks.firstLine(method);
            }
        }
        return 0;
    }

    private static boolean mentionsAwaitj(byte[] classFile) {
        for (byte[] name : AWAITJ_NAMES) {
            if (indexOf(classFile, name) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
