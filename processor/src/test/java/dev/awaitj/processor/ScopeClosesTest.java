package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.processor.verify.InMemoryCompiler;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.junit.jupiter.api.Test;

/**
 * The {@code ScopeCloses} pass: in async code, the close of a {@code TaskScope} becomes an await
 * of its end, with the exception leaving the block passed along; plain code keeps {@code close()}.
 */
class ScopeClosesTest {
    private static final String SOURCE = """
            package t;

            import static dev.awaitj.Await.await;
            import dev.awaitj.TaskScope;
            import dev.awaitj.annotation.Async;
            import java.util.concurrent.*;

            public class Scopes {
                @Async static CompletableFuture<String> block() {
                    try (TaskScope scope = TaskScope.open()) {
                        scope.fork(() -> CompletableFuture.completedFuture("x"));
                        await(scope.join());
                        return CompletableFuture.completedFuture("done");
                    }
                }

                @Async static CompletableFuture<String> inMonitor(Object lock) {
                    synchronized (lock) {
                        try (TaskScope scope = TaskScope.open()) {
                            scope.fork(() -> CompletableFuture.completedFuture("x"));
                        }
                    }
                    return CompletableFuture.completedFuture("done");
                }

                @Async static synchronized CompletableFuture<String> synchronizedMethod() {
                    try (TaskScope scope = TaskScope.open()) {
                        scope.fork(() -> CompletableFuture.completedFuture("x"));
                    }
                    return CompletableFuture.completedFuture("done");
                }

                @Async static CompletableFuture<Integer> firstValue(dev.awaitj.stream.AsyncStream<Integer> stream) {
                    try (dev.awaitj.stream.AsyncIterator<Integer> it = stream.iterator()) {
                        return CompletableFuture.completedFuture(await(it.hasNext()) ? it.next() : -1);
                    }
                }

                static void plain() {
                    try (TaskScope scope = TaskScope.open()) {
                        scope.fork(() -> CompletableFuture.completedFuture("x"));
                    }
                }
            }
            """;

    @Test
    void anAsyncBlockAwaitsTheScopesEndOnBothPathsAndPlainCodeKeepsClose() throws Exception {
        InMemoryCompiler.Loader loader = (InMemoryCompiler.Loader) Programs.load("t.Scopes", SOURCE);
        ClassNode node = new ClassNode();
        new ClassReader(loader.classes().get("t.Scopes")).accept(node, 0);
        assertEquals(List.of("closeAsync()", "closeAsync(Ljava/lang/Throwable;)"),
                scopeCalls(node, "block"), "the entry copy");
        assertEquals(List.of("closeAsync()", "closeAsync(Ljava/lang/Throwable;)"),
                scopeCalls(node, "block$async"), "the resume copy");
        assertEquals(List.of("close()", "close()"), scopeCalls(node, "plain"), "not async: unchanged");
        assertEquals(List.of("close()", "close()"), scopeCalls(node, "inMonitor"),
                "inside synchronized a close must not suspend (it would hold the monitor): unchanged");
        assertEquals(List.of("close()", "close()"), scopeCalls(node, "synchronizedMethod"), "the same");
        assertEquals(List.of("closeAsync()", "closeAsync()"), iteratorCalls(node, "firstValue"),
                "a stream iterator's close waits for the producer: both paths");
    }

    /** The AsyncIterator close calls of method {@code name}, in order. */
    private static List<String> iteratorCalls(ClassNode node, String name) {
        return closeCalls(node, name, "dev/awaitj/stream/AsyncIterator");
    }

    /** The TaskScope close calls of the method whose name starts with {@code name}, in order. */
    private static List<String> scopeCalls(ClassNode node, String name) {
        return closeCalls(node, name, "dev/awaitj/TaskScope");
    }

    private static List<String> closeCalls(ClassNode node, String name, String owner) {
        List<String> calls = new ArrayList<>();
        for (MethodNode method : node.methods) {
            boolean match = name.endsWith("$async") ? method.name.startsWith(name) : method.name.equals(name);
            if (!match) {
                continue;
            }
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode call && call.owner.equals(owner)
                        && call.name.startsWith("close")) {
                    calls.add(call.name + call.desc.substring(0, call.desc.indexOf(')') + 1));
                }
            }
        }
        return calls;
    }
}
