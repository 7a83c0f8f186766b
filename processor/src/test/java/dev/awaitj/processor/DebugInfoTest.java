package dev.awaitj.processor;

import dev.awaitj.processor.verify.InMemoryCompiler;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.internal.Rewritten;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/** Stack traces, debuggers and diagnostics see the user's source: file, lines, variable names. */
class DebugInfoTest {
    private static InMemoryCompiler.Loader loader;
    private static Class<?> program;

    // Line numbers below refer to this source; keep them in sync.
    private static final String SOURCE = """
            package t;

            import static dev.awaitj.Await.await;
            import static java.util.concurrent.CompletableFuture.completedFuture;

            import dev.awaitj.annotation.Async;
            import java.util.concurrent.*;

            public class Debug {
                @Async static CompletableFuture<String> fails(CompletableFuture<String> first, CompletableFuture<String> second) {
                    String before = await(first);
                    int length = before.length();
                    String after = await(second);
                    if (after.isEmpty()) throw new IllegalStateException("line 14");
                    return completedFuture(before + length + after);
                }
            }
            """;

    @BeforeAll
    static void compile() throws Exception {
        loader = (InMemoryCompiler.Loader) Programs.load("t.Debug", SOURCE);
        program = loader.loadClass("t.Debug");
    }

    private static CompletableFuture<?> fails(CompletableFuture<String> first, CompletableFuture<String> second)
            throws Exception {
        Method method = AsyncRun.find(program, "fails");
        method.setAccessible(true);
        return (CompletableFuture<?>) method.invoke(null, first, second);
    }

    private static Throwable thrownBy(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, future::get).getCause();
    }

    /** What {@code fails} throws when both stages complete after it waits: it resumes twice. */
    private static Throwable thrownAfterResumption() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<?> future = fails(first, second);
        first.complete("a");
        second.complete("");
        return thrownBy(future);
    }

    private static StackTraceElement userFrame(Throwable thrown) {
        for (StackTraceElement element : thrown.getStackTrace()) {
            if (element.getClassName().equals("t.Debug")) {
                return element;
            }
        }
        throw new AssertionError("no frame of t.Debug in the stack trace", thrown);
    }

    @Test
    void aStackTraceFromTheFastPathNamesTheUsersFileLineAndMethod() throws Exception {
        StackTraceElement frame = userFrame(thrownBy(
                fails(CompletableFuture.completedFuture("a"), CompletableFuture.completedFuture(""))));
        assertEquals("Debug.java", frame.getFileName());
        assertEquals(14, frame.getLineNumber());
        assertEquals("fails", frame.getMethodName());
    }

    @Test
    void aStackTraceAfterResumptionNamesTheUsersFileAndLine() throws Exception {
        StackTraceElement frame = userFrame(thrownAfterResumption());
        assertEquals("Debug.java", frame.getFileName());
        assertEquals(14, frame.getLineNumber());
        assertEquals("fails$async", frame.getMethodName());
    }

    /**
     * Between the stage's callback and the resume method there are only these runtime frames.
     * Each extra call (a bridge method, a wrapper) pushes the resume method one level deeper, and
     * C2 inlines at most 15 levels: past that the resumption is not compiled into the code that
     * completed the stage (measured in docs/performance.md, W2).
     */
    @Test
    void aResumedMethodRunsThreeRuntimeCallsBelowTheStagesCallback() throws Exception {
        List<String> between = new ArrayList<>();
        boolean below = false;
        for (StackTraceElement element : thrownAfterResumption().getStackTrace()) {
            if (element.getMethodName().equals("fails$async")) {
                below = true;
            } else if (below && element.getClassName().startsWith("java.util.concurrent.")) {
                break;
            } else if (below) {
                between.add(element.getClassName().substring(element.getClassName().lastIndexOf('.') + 1)
                        + "." + element.getMethodName());
            }
        }
        assertEquals(List.of("AsyncFrame.resumeOn", "Trampoline.run", "AsyncFrame.accept"), between);
    }

    private static Set<String> localNames(byte[] classFile, String method) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        Set<String> names = new HashSet<>();
        for (MethodNode candidate : node.methods) {
            if (candidate.name.equals(method)) {
                for (LocalVariableNode local : candidate.localVariables) {
                    names.add(local.name);
                }
                return names;
            }
        }
        throw new AssertionError("no method " + method);
    }

    @Test
    void theEntryCopyKeepsEveryLocalVariable() {
        assertEquals(Set.of("first", "second", "before", "length", "after"),
                localNames(loader.classes().get("t.Debug"), "fails"));
    }

    /**
     * {@code first} is not read after the first await, so no resumption restores it, and slot 0
     * of the resume copy holds the frame: the table must not say {@code first} lives there.
     */
    @Test
    void theResumeCopyDescribesOnlyTheVariablesItRestores() {
        assertEquals(Set.of("second", "before", "length", "after"),
                localNames(loader.classes().get("t.Debug"), "fails$async"));
    }

    @Test
    void withDebugLocalsTheResumeCopyKeepsEveryLocalVariable() {
        InMemoryCompiler.Loader debug = (InMemoryCompiler.Loader) Programs.loadWith(
                List.of("-g", "-Aawaitj.debugLocals=true"), "t.Debug", SOURCE);
        assertEquals(Set.of("first", "second", "before", "length", "after"),
                localNames(debug.classes().get("t.Debug"), "fails$async"));
    }

    @Test
    void theRewrittenMarkerRecordsTheLineOfEachAwait() throws Exception {
        for (Method method : program.getDeclaredMethods()) {
            if (method.getName().startsWith("fails")) {
                Rewritten marker = method.getAnnotation(Rewritten.class);
                assertEquals("fails", marker.method());
                assertEquals("Debug.java", marker.file());
                assertArrayEquals(new int[] {11, 13}, marker.awaitLines());
            }
        }
    }
}
