package dev.awaitj.processor.misuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.processor.verify.BytecodeVerifier;
import dev.awaitj.processor.verify.EcjBuild;
import dev.awaitj.processor.verify.InMemoryCompiler;
import dev.awaitj.testing.Stages;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The misuse corpus in {@code src/test/resources/misuse} (its README says how to add to it):
 * programs that must fail with exactly the marked diagnostics on exactly the marked lines,
 * odd-but-legal programs that must compile, verify and run, and broken programs that must not
 * make the processor crash.
 */
class MisuseCorpusTest {
    /** {@code // error: [Tag]}, possibly followed on the same line by more {@code error: [Tag]}. */
    private static final Pattern MARKER = Pattern.compile("(error|warning): \\[(\\w+)]");
    private static final Pattern TAG = Pattern.compile("^\\[(\\w+)]");
    private static final Pattern REPEAT = Pattern.compile("^\\s*// repeat (\\d+)\\s*$");
    private static final Pattern EXPECT = Pattern.compile("// expect: (.*)");

    @TestFactory
    Stream<DynamicTest> programsThatMustNotCompile() throws IOException {
        return corpus("errors").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String source = read(file);
            if (EcjBuild.selected()) {
                EcjBuild.Result build = ecj(file, source, List.of());
                assertEquals(expectedFromClassFiles(source), reported(build), "class-file diagnostics of " + file);
                assertEquals(!source.contains("// error: "), build.succeeded(), build.log);
                return;
            }
            Compilation compilation = compile(file, source);
            assertEquals(expectedMarkers(source), reported(compilation), "diagnostics (kind, line, tag) of " + file);
            for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    assertTrue(TAG.matcher(d.getMessage(null)).find(), "only awaitj errors in corpus files: " + d);
                }
            }
            boolean errorsExpected = source.contains("// error: ");
            assertEquals(errorsExpected ? Compilation.Status.FAILURE : Compilation.Status.SUCCESS, compilation.status());
        }));
    }

    @TestFactory
    Stream<DynamicTest> oddButLegalProgramsCompileVerifyAndRun() throws IOException {
        return corpus("legal").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String source = read(file);
            InMemoryCompiler.Loader loader;
            if (EcjBuild.selected()) {
                EcjBuild.Result build = ecj(file, source, List.of());
                assertEquals(expectedFromClassFiles(source), reported(build), "class-file diagnostics of " + file);
                loader = build.load();
            } else {
                Compilation compilation = compile(file, source);
                assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> describe(compilation));
                assertEquals(expectedMarkers(source), reported(compilation), "awaitj diagnostics of " + file);
                loader = new InMemoryCompiler.Loader(InMemoryCompiler.classFiles(compilation));
            }
            assertEquals(List.of(), BytecodeVerifier.verify(loader), "verifiers");
            Matcher expect = EXPECT.matcher(source);
            assertTrue(expect.find(), "a legal corpus file states its result in an // expect: line");
            Class<?> program = loader.loadClass(qualifiedName(file, source));
            for (Stages.Mode mode : Stages.Mode.values()) {
                assertEquals(expect.group(1).trim(), run(program, mode), file + " in mode " + mode);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> brokenProgramsNeverCrashTheProcessor() throws IOException {
        return corpus("broken").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            if (EcjBuild.selected()) {
                // Eclipse writes class files for code with errors (methods that throw the problem):
                // the class-file rewrite meets them after every save
                EcjBuild.Result build = ecj(file, read(file), List.of("-proceedOnError"));
                assertFalse(build.compileErrors.isEmpty(), "a broken program fails to compile");
                assertFalse(build.problems.toString().contains("[AwaitjInternalError]"), build.problems.toString());
                return;
            }
            Compilation compilation = compile(file, read(file));
            assertEquals(Compilation.Status.FAILURE, compilation.status(), "a broken program fails to compile");
            assertFalse(describe(compilation).contains("[AwaitjInternalError]"), describe(compilation));
        }));
    }

    @Test
    void everyDiagnosticOfDesignMdIsInTheCorpus() throws IOException {
        TreeSet<String> tags = new TreeSet<>();
        for (Path file : (Iterable<Path>) corpus("errors")::iterator) {
            Matcher markers = MARKER.matcher(read(file));
            while (markers.find()) {
                tags.add(markers.group(2));
            }
        }
        for (dev.awaitj.processor.check.Diagnostic diagnostic : dev.awaitj.processor.check.Diagnostic.values()) {
            switch (diagnostic) {
                case PROCESSOR_FAILED:       // must never happen: checked on every corpus file instead
                case UNSUPPORTED_COMPILER:   // needs a compiler other than javac
                case NOT_PROCESSED:          // needs a compilation without the processor: JavacCommandLineTest
                case ECLIPSE_COMPILER:       // needs ECJ: EclipseCompilerTest
                    continue;
                default:
                    assertTrue(tags.contains(diagnostic.tag()), "no corpus file shows " + diagnostic.tag());
            }
        }
    }

    // ----------------------------------------------------------------------------------------

    private static Stream<Path> corpus(String kind) throws IOException {
        try {
            Path dir = Path.of(MisuseCorpusTest.class.getResource("/misuse/" + kind).toURI());
            List<Path> files = new ArrayList<>();
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
            assertFalse(files.isEmpty(), "corpus " + kind + " is empty");
            return files.stream();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles with the processor; the processor must not throw, whatever the input. */
    private static Compilation compile(Path file, String source) {
        String expanded = expandRepeats(source);
        try {
            Compilation compilation = InMemoryCompiler.withProcessor(
                    List.of(JavaFileObjects.forSourceString(qualifiedName(file, source), expanded)));
            assertFalse(describe(compilation).contains("[AwaitjInternalError]"), describe(compilation));
            return compilation;
        } catch (RuntimeException crash) {
            throw new AssertionError("compiling " + file + " threw", crash);
        }
    }

    /** {@code // repeat N} repeats the line above it N times (after the line numbers that matter). */
    private static String expandRepeats(String source) {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        for (int i = 0; i < lines.size(); i++) {
            Matcher repeat = REPEAT.matcher(lines.get(i));
            if (repeat.matches() && i > 0) {
                String line = lines.get(i - 1);
                lines.set(i, (line + "\n").repeat(Integer.parseInt(repeat.group(1))));
            }
        }
        return String.join("\n", lines);
    }

    private static String qualifiedName(Path file, String source) {
        Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
        String simple = file.getFileName().toString().replace(".java", "");
        return pkg.find() ? pkg.group(1) + "." + simple : simple;
    }

    /** Compiles with ECJ and rewrites its class files ({@link EcjBuild}). */
    private static EcjBuild.Result ecj(Path file, String source, List<String> options) {
        return EcjBuild.compile(List.of(JavaFileObjects.forSourceString(qualifiedName(file, source),
                expandRepeats(source))), options);
    }

    /**
     * The markers as the class-file checks report them: class files keep no declaration lines,
     * so what is reported at a method's declaration is reported at the first line of its body
     * (the line after the marker, in this corpus) or, for a method without code, at no line (0);
     * and the DiscardedAsyncResult warning is not made from class files, which do not keep the
     * {@code @SuppressWarnings} that silences it.
     */
    private static List<String> expectedFromClassFiles(String source) {
        List<String> expected = new ArrayList<>();
        for (String marker : expectedMarkers(source)) {
            String[] parts = marker.split(" ");
            int line = Integer.parseInt(parts[1]);
            switch (parts[2]) {
                case "[DiscardedAsyncResult]":
                    continue;
                case "[AsyncWithoutBody]":
                    line = 0;
                    break;
                case "[AsyncReturnType]":
                case "[AsyncRewriteFailed]":
                    line++;
                    break;
                default:
                    break;
            }
            expected.add(parts[0] + " " + line + " " + parts[2]);
        }
        expected.sort(null);
        return expected;
    }

    /** "kind line [Tag]" for every problem the class-file rewrite reported, sorted. */
    private static List<String> reported(EcjBuild.Result build) {
        List<String> reported = new ArrayList<>();
        for (dev.awaitj.processor.classfile.Problem problem : build.problems) {
            Matcher tag = TAG.matcher(problem.message());
            assertTrue(tag.find(), "every class-file problem is tagged: " + problem);
            reported.add((problem.kind() == Diagnostic.Kind.ERROR ? "error" : "warning") + " " + problem.line()
                    + " [" + tag.group(1) + "]");
        }
        reported.sort(null);
        return reported;
    }

    /** "kind line [Tag]" for every marker, in order. */
    private static List<String> expectedMarkers(String source) {
        List<String> expected = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int comment = Math.max(lines[i].indexOf("// error: "), lines[i].indexOf("// warning: "));
            if (comment < 0) {
                continue;
            }
            Matcher marker = MARKER.matcher(lines[i].substring(comment));
            while (marker.find()) {
                expected.add(marker.group(1) + " " + (i + 1) + " [" + marker.group(2) + "]");
            }
        }
        expected.sort(null);
        return expected;
    }

    /** "kind line [Tag]" for every awaitj diagnostic (tagged), sorted. */
    private static List<String> reported(Compilation compilation) {
        List<String> reported = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            Matcher tag = TAG.matcher(d.getMessage(null));
            if (!tag.find()) {
                continue;
            }
            String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
            reported.add(kind + " " + d.getLineNumber() + " [" + tag.group(1) + "]");
        }
        reported.sort(null);
        return reported;
    }

    private static String describe(Compilation compilation) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            out.append(d).append('\n');
        }
        return out.toString();
    }

    /** Runs {@code run()}: every stage complete, or each completed later on another thread. */
    private static String run(Class<?> program, Stages.Mode mode) throws Exception {
        Stages.reset(mode);
        CompletableFuture<?> future;
        try {
            future = (CompletableFuture<?>) program.getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("run() threw", e.getCause());
        }
        assertNotNull(future);
        Thread completer = new Thread(() -> {
            Stages.Pending next;
            while (!future.isDone()) {
                if ((next = Stages.nextPending()) != null) {
                    next.complete();
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "corpus-completer");
        completer.setDaemon(true);
        completer.start();
        try {
            return String.valueOf(future.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            fail("run() failed", e.getCause());
            return null;
        }
    }
}
