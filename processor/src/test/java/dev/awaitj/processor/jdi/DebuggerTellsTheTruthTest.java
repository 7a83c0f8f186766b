package dev.awaitj.processor.jdi;

import static dev.awaitj.testing.Stages.Mode.COMPLETED;
import static dev.awaitj.testing.Stages.Mode.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The debugger tells the truth in rewritten methods, checked with the debugger itself (JDI).
 *
 * <p>The corpus ({@code src/test/resources/debugger/Corpus.java} and {@code Statements.java}:
 * loops with awaits in their headers and bodies, labels, try/catch/finally and resources, checked
 * awaits, switch statements and expressions, async lambdas, instance, static, generic and record
 * methods, nested suspending calls, {@code long} and {@code double} locals) is compiled three times: with the
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
    private static final List<String> CORPUS_CLASSES = List.of("Corpus", "Statements");
    private static final String AWAIT_IMPORT = "import static dev.awaitj.Await.await;";

    @TempDir
    static Path dirs;

    private static DebuggerSession.Recording blocking;
    private static DebuggerSession.Recording rewritten;
    private static DebuggerSession.Recording debugLocals;
    private static DebuggerSession.Recording blockingCompleted;
    private static DebuggerSession.Recording rewrittenCompleted;
    private static Map<String, Set<String>> asyncMethods;
    private static String rewrittenClassPath;
    private static Map<String, String> sources;

    @BeforeAll
    static void runAllThreeBuilds() throws Exception {
        sources = corpus();
        Map<String, byte[]> plain = compile(true, "-g", "-proc:none");
        Map<String, byte[]> async = compile(false, "-g");
        Map<String, byte[]> debug = compile(false, "-g", "-Aawaitj.debugLocals=true");
        asyncMethods = asyncMethods(async);
        Map<String, Map<Long, Integer>> resumePoints = resumePoints(async);
        Map<String, Map<Long, Integer>> debugResumePoints = resumePoints(debug);
        assertEquals(resumePoints.keySet(), debugResumePoints.keySet());
        String base = location(Debuggee.class) + File.pathSeparator + location(Await.class)
                + File.pathSeparator + location(Async.class);
        // the runtime alone: its compile-only IntelliJ annotations must not be needed to suspend and resume
        assertFalse(base.contains("jetbrains"), base);
        String blockingClassPath = write("blocking", plain) + File.pathSeparator + base;
        Map<String, Map<Long, Integer>> blockingAwaits = awaitCalls(plain);
        blocking = DebuggerSession.record(blockingClassPath, CORPUS, "run", SUSPENDED, asyncMethods, blockingAwaits);
        rewrittenClassPath = write("rewritten", async) + File.pathSeparator + base;
        rewritten = DebuggerSession.record(rewrittenClassPath, CORPUS, "run", SUSPENDED, asyncMethods, resumePoints);
        debugLocals = DebuggerSession.record(write("debuglocals", debug) + File.pathSeparator + base, CORPUS, "run",
                SUSPENDED, asyncMethods, debugResumePoints);
        blockingCompleted = DebuggerSession.record(blockingClassPath, CORPUS, "run", COMPLETED, asyncMethods,
                blockingAwaits);
        rewrittenCompleted = DebuggerSession.record(rewrittenClassPath, CORPUS, "run", COMPLETED, asyncMethods,
                resumePoints);
    }

    /** The corpus's sources by class name. */
    private static Map<String, String> corpus() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        for (String name : CORPUS_CLASSES) {
            try (InputStream in = DebuggerTellsTheTruthTest.class.getResourceAsStream("/debugger/" + name + ".java")) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.contains(AWAIT_IMPORT), name);
                sources.put("t." + name, text);
            }
        }
        return sources;
    }

    /**
     * Compiles the corpus with the processor and {@code options}, or, for the blocking build,
     * without it ({@code -proc:none}) and against {@link BlockingAwait}.
     */
    private static Map<String, byte[]> compile(boolean blocking, String... options) {
        List<JavaFileObject> files = new ArrayList<>();
        sources.forEach((name, text) -> files.add(JavaFileObjects.forSourceString(name, blocking
                ? text.replace(AWAIT_IMPORT, "import static " + BlockingAwait.class.getName() + ".await;")
                : text)));
        Compiler javac = blocking ? Compiler.javac() : Compiler.javac().withProcessors(new AsyncProcessor());
        Compilation compilation = javac.withOptions((Object[]) options).compile(files);
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

    /**
     * By {@code class.method$async}, the code index each case of the resume dispatch jumps to:
     * where the method continues after its restores, in the middle of the await's line.
     */
    private static Map<String, Map<Long, Integer>> resumePoints(Map<String, byte[]> classes) {
        Map<String, Map<Long, Integer>> points = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            // the tree API drops bytecode offsets; the reader's labels know them
            Map<Label, Integer> offsets = new IdentityHashMap<>();
            ClassReader reader = new ClassReader(entry.getValue()) {
                @Override
                protected Label readLabel(int offset, Label[] labels) {
                    Label label = super.readLabel(offset, labels);
                    offsets.put(label, offset);
                    return label;
                }
            };
            ClassNode node = new ClassNode();
            reader.accept(node, 0);
            Map<LabelNode, Integer> offsetOf = new IdentityHashMap<>();
            offsets.forEach((label, offset) -> {
                if (label.info instanceof LabelNode) {
                    offsetOf.put((LabelNode) label.info, offset);
                }
            });
            for (MethodNode method : node.methods) {
                if (!method.name.endsWith("$async")) {
                    continue;
                }
                Map<Long, Integer> targets = new TreeMap<>();
                for (AbstractInsnNode insn : method.instructions) {
                    if (insn instanceof TableSwitchInsnNode) {
                        TableSwitchInsnNode dispatch = (TableSwitchInsnNode) insn;
                        for (int state = dispatch.min; state <= dispatch.max; state++) {
                            AbstractInsnNode at = dispatch.labels.get(state - dispatch.min);
                            while (at.getOpcode() != Opcodes.GOTO) {
                                at = at.getNext();
                            }
                            targets.put((long) offsetOf.get(((JumpInsnNode) at).label), state);
                        }
                        break; // the dispatch is the first switch
                    }
                }
                assertTrue(!targets.isEmpty(), entry.getKey() + "." + method.name);
                points.put(entry.getKey() + "." + method.name, targets);
            }
        }
        return points;
    }

    /**
     * By {@code class.method}, the code index of each call of {@link BlockingAwait#await} and its
     * place among the method's awaits (from 1, in code order, as the rewrite numbers its states).
     * The tree API has no offsets: the class is written again unchanged, with a label before each
     * call, and the written labels know them.
     */
    private static Map<String, Map<Long, Integer>> awaitCalls(Map<String, byte[]> classes) {
        Map<String, Map<Long, Integer>> calls = new TreeMap<>();
        String owner = BlockingAwait.class.getName().replace('.', '/');
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            ClassReader reader = new ClassReader(entry.getValue());
            ClassWriter writer = new ClassWriter(reader, 0);
            Map<String, List<Label>> labels = new TreeMap<>();
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    List<Label> before = labels.computeIfAbsent(entry.getKey() + "." + name, k -> new ArrayList<>());
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                        @Override
                        public void visitMethodInsn(int opcode, String type, String method, String desc, boolean itf) {
                            if (type.equals(owner) && method.equals("await")) {
                                Label label = new Label();
                                super.visitLabel(label);
                                before.add(label);
                            }
                            super.visitMethodInsn(opcode, type, method, desc, itf);
                        }
                    };
                }
            }, 0);
            writer.toByteArray(); // the same instructions, so the same offsets (the session checks each)
            labels.forEach((method, before) -> {
                Map<Long, Integer> byIndex = new TreeMap<>();
                for (int i = 0; i < before.size(); i++) {
                    byIndex.put((long) before.get(i).getOffset(), i + 1);
                }
                if (!byIndex.isEmpty()) {
                    calls.put(method, byIndex);
                }
            });
        }
        return calls;
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
        int resumptions;
        int valuesCompared;
        int differences;
        int missing;
        int unmatchedHits;
        int unreachedLines;
        final List<String> samples = new ArrayList<>();

        void sample(String what) {
            if (samples.size() < 40) {
                samples.add(what);
            }
        }

        @Override
        public String toString() {
            return hits + " hits (" + resumeCopyHits + " in $async copies, " + resumptions + " where they resume), " + valuesCompared + " values compared, "
                    + differences + " differences, " + missing + " variables missing, " + unmatchedHits
                    + " hits without a counterpart, " + unreachedLines + " blocking line stops never reached"
                    + (samples.isEmpty() ? "" : "\n  " + String.join("\n  ", samples));
        }
    }

    static Figures compare(DebuggerSession.Recording reference, DebuggerSession.Recording actual) {
        Figures figures = new Figures();
        for (DebuggerSession.Hit hit : actual.hits) {
            figures.hits++;
            if (hit.method.contains("$async:")) {
                figures.resumeCopyHits++;
            }
            if (hit.method.endsWith("(resumed)")) {
                figures.resumptions++;
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
        Set<String> reached = new HashSet<>();
        actual.hits.forEach(hit -> reached.add(hit.key));
        for (String key : reference.byKey.keySet()) {
            if (!key.contains("~await") && !reached.contains(key)) {
                figures.unreachedLines++;
                figures.sample("never reached: " + key);
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

    private static boolean shown(DebuggerSession.Recording recording, String prefix) {
        return recording.hits.stream().anyMatch(hit -> hit.values.values().stream().anyMatch(v -> v.startsWith(prefix)));
    }

    @Test
    void theCorpusRunsTheSameInAllThreeBuildsAndReallySuspends() {
        assertTrue(asyncMethods.values().stream().mapToInt(Set::size).sum() >= 10, asyncMethods.toString());
        String expected = outcome(blocking);
        assertEquals("suspended " + expected, outcome(rewritten));
        assertEquals("suspended " + expected, outcome(debugLocals));
        assertTrue(blocking.hits.size() > 300, "blocking stops: " + blocking.hits.size());
        // objects are compared by content where a debugger shows one: the builder's text, the record's fields
        assertTrue(shown(blocking, "java.lang.StringBuilder(try3r!"), "a StringBuilder shown by its text");
        assertTrue(shown(blocking, "t.Corpus$Point{x=int 2,y=long 3,}"), "a record shown by its fields");
        assertTrue(shown(blocking, "java.util.ArrayList([ABC])"), "a list shown by its elements");
    }

    /** The fast path: every stage already complete, so the entry copy runs the whole method. */
    @Test
    void withEveryStageCompleteTheEntryCopyShowsEveryVariableTruly() {
        assertEquals(outcome(blockingCompleted), outcome(rewrittenCompleted), "never suspended");
        Figures figures = compare(blockingCompleted, rewrittenCompleted);
        System.out.println("[debugger] rewritten, every stage already complete: " + figures);
        assertEquals(0, figures.resumeCopyHits, figures.toString());
        assertTrue(figures.valuesCompared > 1000, figures.toString());
        assertEquals(0, figures.differences, figures.toString());
        assertEquals(0, figures.missing, figures.toString());
        assertEquals(0, figures.unmatchedHits, figures.toString());
        assertEquals(0, figures.unreachedLines, figures.toString());
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
        assertEquals(0, figures.unreachedLines, figures.toString());
    }

    @Test
    void withDebugLocalsNoVariableIsMissingEither() {
        Figures figures = compare(blocking, debugLocals);
        System.out.println("[debugger] rewritten with -Aawaitj.debugLocals=true: " + figures);
        assertTrue(figures.resumeCopyHits > 100, figures.toString());
        assertEquals(0, figures.differences, figures.toString());
        assertEquals(0, figures.missing, figures.toString());
        assertEquals(0, figures.unmatchedHits, figures.toString());
        assertEquals(0, figures.unreachedLines, figures.toString());
    }

    private static int lineOf(String text) {
        String[] lines = sources.get(CORPUS).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].trim().equals(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("not in the corpus: " + text);
    }

    private static String where(Location location) {
        return location.declaringType().name() + "." + location.method().name() + ":" + location.lineNumber();
    }

    /**
     * What the README says of "step over" at an {@code await} that suspends: the step leaves the
     * method (the entry copy returns its future to the caller; the resume copy returns to the
     * runtime), and a breakpoint on the next line is what stops there, in {@code $async}, on the
     * thread that completed the stage.
     */
    @Test
    void stepOverAnAwaitThatSuspendsLeavesTheMethodAndTheNextLinesBreakpointStopsInTheResumeCopy() throws Exception {
        // also what the stack shows there
        int firstAwait = lineOf("int got = await(a);");
        int loopAwait = lineOf("int step = await(value(i * 10));");
        VirtualMachine vm = DebuggerSession.launch(rewrittenClassPath, CORPUS, "run", SUSPENDED);
        StringBuilder output = new StringBuilder();
        DebuggerSession.drain(vm.process().getInputStream(), output);
        DebuggerSession.drain(vm.process().getErrorStream(), output);
        EventRequestManager requests = vm.eventRequestManager();
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        prepare.addClassFilter(CORPUS);
        prepare.enable();
        List<String> seen = new ArrayList<>();
        List<String> stack = new ArrayList<>();
        BreakpointRequest atLoopAwait = null;
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            boolean connected = true;
            while (connected && System.currentTimeMillis() < deadline) {
                EventSet events = vm.eventQueue().remove(1000);
                if (events == null) {
                    continue;
                }
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent) {
                        ReferenceType type = ((ClassPrepareEvent) event).referenceType();
                        for (com.sun.jdi.Method method : type.methodsByName("work")) {
                            requests.createBreakpointRequest(method.locationsOfLine(firstAwait).get(0)).enable();
                        }
                        for (com.sun.jdi.Method method : type.methodsByName("work$async")) {
                            requests.createBreakpointRequest(method.locationsOfLine(firstAwait + 1).get(0)).enable();
                            atLoopAwait = requests.createBreakpointRequest(method.locationsOfLine(loopAwait).get(0));
                            atLoopAwait.enable();
                        }
                    } else if (event instanceof BreakpointEvent) {
                        BreakpointEvent stop = (BreakpointEvent) event;
                        seen.add("stop " + where(stop.location()) + " on " + stop.thread().name());
                        if (stop.location().lineNumber() == firstAwait + 1) {
                            for (StackFrame frame : stop.thread().frames().subList(0, 6)) {
                                Location at = frame.location();
                                String type = at.declaringType().name();
                                stack.add((type.contains("$$Lambda") ? type.substring(0, type.indexOf("$$Lambda") + 8) : type)
                                        + "." + at.method().name());
                            }
                        }
                        if (stop.request() == atLoopAwait) {
                            atLoopAwait.disable(); // once: the first iteration's
                        }
                        if (stop.location().lineNumber() != firstAwait + 1) {
                            StepRequest step = requests.createStepRequest(stop.thread(), StepRequest.STEP_LINE,
                                    StepRequest.STEP_OVER);
                            step.addCountFilter(1);
                            step.enable();
                        }
                    } else if (event instanceof StepEvent) {
                        StepEvent step = (StepEvent) event;
                        seen.add("step over to " + where(step.location()) + " on " + step.thread().name());
                        requests.deleteEventRequest(step.request());
                    } else if (event instanceof VMDisconnectEvent) {
                        connected = false;
                    }
                }
                if (connected) {
                    events.resume();
                }
            }
        } catch (VMDisconnectedException e) {
            // the debuggee ended
        } finally {
            try {
                vm.dispose();
            } catch (VMDisconnectedException e) {
                // already gone
            }
            vm.process().waitFor();
        }
        System.out.println("[debugger] step over at a suspending await: " + seen);
        System.out.println("[debugger] the stack after a resumption: " + stack);
        String run = lineOf("out.append(await(work(value(50), 5, \"L\"))).append(' ');") + "";
        assertEquals(5, seen.size(), seen.toString());
        assertEquals("stop t.Corpus.work:" + firstAwait + " on main", seen.get(0));
        assertEquals("step over to t.Corpus.run:" + run + " on main", seen.get(1), "the entry copy returned to its caller");
        assertEquals("stop t.Corpus.work$async:" + (firstAwait + 1) + " on completer", seen.get(2));
        assertEquals("stop t.Corpus.work$async:" + loopAwait + " on completer", seen.get(3));
        assertTrue(!seen.get(4).contains("Corpus.work"), "the resume copy returned to the runtime: " + seen);
        assertEquals(List.of("t.Corpus.work$async", "t.Corpus$$Lambda.resume", "dev.awaitj.internal.AsyncFrame.resumeOn",
                "dev.awaitj.internal.Trampoline.run", "dev.awaitj.internal.AsyncFrame.accept"), stack.subList(0, 5),
                "what the README says the stack shows after a resumption");
    }
}
