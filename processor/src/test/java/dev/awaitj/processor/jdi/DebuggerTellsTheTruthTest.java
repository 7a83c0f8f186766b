package dev.awaitj.processor.jdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.Await;
import dev.awaitj.annotation.Async;
import dev.awaitj.processor.AsyncProcessor;
import dev.awaitj.processor.verify.InMemoryCompiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The debugger tells the truth in rewritten methods, checked with the debugger itself (JDI).
 *
 * <p>The corpus ({@code src/test/resources/debugger/Corpus.java}: loops, try/catch/finally and
 * resources, switch statements and expressions, async lambdas, instance, static and record
 * methods, recursion, {@code long} and {@code double} locals) is compiled three times: with the
 * processor, with the processor and {@code -Aawaitj.debugLocals=true}, and without the processor
 * against {@link BlockingAwait}. Each build runs in a debuggee JVM with every stage pending until
 * the completer thread completes it (so the rewritten builds really suspend and resume in the
 * {@code $async} copies), stopped at every line of both copies of every async method. At each
 * stop of a rewritten build, every variable the debugger shows must have the value the blocking
 * build shows at the same stop; with {@code debugLocals}, the debugger must also show every
 * variable the blocking build shows.
 */
class DebuggerTellsTheTruthTest {
    private static final String CORPUS = "t.Corpus";
    private static final String AWAIT_IMPORT = "import static dev.awaitj.Await.await;";

    @TempDir
    static Path dirs;

    private static DebuggerSession.Recording blocking;
    private static DebuggerSession.Recording rewritten;
    private static DebuggerSession.Recording debugLocals;
    private static Map<String, Set<String>> asyncMethods;

    @BeforeAll
    static void runAllThreeBuilds() throws Exception {
        String source = corpus();
        assertTrue(source.contains(AWAIT_IMPORT));
        Map<String, byte[]> plain = compile(source, "-g", "-proc:none", null);
        Map<String, byte[]> async = compile(source, "-g", null, null);
        Map<String, byte[]> debug = compile(source, "-g", "-Aawaitj.debugLocals=true", null);
        asyncMethods = asyncMethods(async);
        String base = location(Debuggee.class) + File.pathSeparator + location(Await.class)
                + File.pathSeparator + location(Async.class);
        blocking = DebuggerSession.record(write("blocking", plain) + File.pathSeparator + base, CORPUS, "run", asyncMethods);
        rewritten = DebuggerSession.record(write("rewritten", async) + File.pathSeparator + base, CORPUS, "run", asyncMethods);
        debugLocals = DebuggerSession.record(write("debuglocals", debug) + File.pathSeparator + base, CORPUS, "run", asyncMethods);
    }

    private static String corpus() throws IOException {
        try (InputStream in = DebuggerTellsTheTruthTest.class.getResourceAsStream("/debugger/Corpus.java")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Compiles the corpus: without the processor (option {@code -proc:none}) against {@link BlockingAwait}. */
    private static Map<String, byte[]> compile(String source, String debug, String option, Object unused) {
        boolean reference = "-proc:none".equals(option);
        String text = reference
                ? source.replace(AWAIT_IMPORT, "import static " + BlockingAwait.class.getName() + ".await;")
                : source;
        List<JavaFileObject> files = List.of(JavaFileObjects.forSourceString(CORPUS, text));
        Compiler javac = reference ? Compiler.javac() : Compiler.javac().withProcessors(new AsyncProcessor());
        List<String> options = new ArrayList<>(List.of(debug));
        if (option != null) {
            options.add(option);
        }
        Compilation compilation = javac.withOptions(options).compile(files);
        StringBuilder problems = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR || d.getMessage(null).contains("[Awaitj")) {
                problems.append(d).append('\n');
            }
        }
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), problems.toString());
        assertEquals("", problems.toString());
        return InMemoryCompiler.classFiles(compilation);
    }

    /** By class, the source names of the methods the processor rewrote (those with a {@code $async} copy). */
    private static Map<String, Set<String>> asyncMethods(Map<String, byte[]> classes) {
        Map<String, Set<String>> methods = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            ClassNode node = new ClassNode();
            new ClassReader(entry.getValue()).accept(node, ClassReader.SKIP_CODE);
            for (MethodNode method : node.methods) {
                if (method.name.endsWith("$async")) {
                    methods.computeIfAbsent(entry.getKey(), k -> new TreeSet<>())
                            .add(method.name.substring(0, method.name.length() - "$async".length()));
                }
            }
        }
        return methods;
    }

    private static String write(String name, Map<String, byte[]> classes) throws IOException {
        Path root = dirs.resolve(name);
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path file = root.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return root.toString();
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The comparison of a rewritten build's stops with the blocking build's. */
    static final class Figures {
        int hits;
        int resumeCopyHits;
        int valuesCompared;
        int differences;
        int missing;
        int unmatchedHits;
        final List<String> samples = new ArrayList<>();

        void sample(String what) {
            if (samples.size() < 40) {
                samples.add(what);
            }
        }

        @Override
        public String toString() {
            return hits + " hits (" + resumeCopyHits + " in $async copies), " + valuesCompared + " values compared, "
                    + differences + " differences, " + missing + " variables missing, " + unmatchedHits
                    + " hits without a counterpart" + (samples.isEmpty() ? "" : "\n  " + String.join("\n  ", samples));
        }
    }

    static Figures compare(DebuggerSession.Recording reference, DebuggerSession.Recording actual) {
        Figures figures = new Figures();
        for (DebuggerSession.Hit hit : actual.hits) {
            figures.hits++;
            if (hit.method.contains("$async:")) {
                figures.resumeCopyHits++;
            }
            DebuggerSession.Hit expected = reference.byKey.get(hit.key);
            if (expected == null) {
                figures.unmatchedHits++;
                figures.sample("no blocking stop at " + hit.key + " (" + hit.method + ") " + hit.values);
                continue;
            }
            for (Map.Entry<String, String> shown : hit.values.entrySet()) {
                String truth = expected.values.get(shown.getKey());
                figures.valuesCompared++;
                if (!shown.getValue().equals(truth)) {
                    figures.differences++;
                    figures.sample(hit.key + " in " + hit.method + ": " + shown.getKey() + " shows " + shown.getValue()
                            + ", is " + (truth == null ? "not in scope" : truth));
                }
            }
            for (String variable : expected.values.keySet()) {
                if (!hit.values.containsKey(variable)) {
                    figures.missing++;
                    if (figures.samples.size() < 10) {
                        figures.sample(hit.key + " in " + hit.method + ": " + variable + " missing");
                    }
                }
            }
        }
        return figures;
    }

    private static String outcome(DebuggerSession.Recording recording) {
        for (String line : recording.output.split("\n")) {
            if (line.startsWith("outcome ")) {
                return line.substring("outcome ".length()).trim();
            }
        }
        throw new AssertionError("the debuggee printed no outcome:\n" + recording.output);
    }

    @Test
    void theCorpusRunsTheSameInAllThreeBuildsAndReallySuspends() {
        assertTrue(asyncMethods.values().stream().mapToInt(Set::size).sum() >= 10, asyncMethods.toString());
        String expected = outcome(blocking);
        assertEquals("suspended " + expected, outcome(rewritten));
        assertEquals("suspended " + expected, outcome(debugLocals));
        assertTrue(blocking.hits.size() > 150, "blocking stops: " + blocking.hits.size());
    }

    @Test
    void withoutTheOptionNoShownValueIsWrong() {
        Figures figures = compare(blocking, rewritten);
        System.out.println("[debugger] " + asyncMethods + "\n[debugger] blocking build: " + blocking.hits.size()
                + " hits at " + blocking.breakpoints + " breakpoints\n[debugger] rewritten: " + figures);
        assertTrue(figures.resumeCopyHits > 100, figures.toString());
        assertTrue(figures.valuesCompared > 500, figures.toString());
        assertEquals(0, figures.differences, figures.toString());
        assertEquals(0, figures.unmatchedHits, figures.toString());
    }

    @Test
    void withDebugLocalsNoVariableIsMissingEither() {
        Figures figures = compare(blocking, debugLocals);
        System.out.println("[debugger] rewritten with -Aawaitj.debugLocals=true: " + figures);
        assertTrue(figures.resumeCopyHits > 100, figures.toString());
        assertEquals(0, figures.differences, figures.toString());
        assertEquals(0, figures.missing, figures.toString());
        assertEquals(0, figures.unmatchedHits, figures.toString());
    }
}
