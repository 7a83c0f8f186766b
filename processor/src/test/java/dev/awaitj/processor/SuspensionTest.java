package dev.awaitj.processor;

import dev.awaitj.processor.verify.InMemoryCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.internal.AsyncFrame;
import dev.awaitj.internal.AsyncFuture;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The structural promises: no allocation on the fast path, one frame per invocation reused
 * across suspensions, and resumption that never grows the stack.
 */
class SuspensionTest {
    private static InMemoryCompiler.Loader loader;
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        loader = (InMemoryCompiler.Loader) Programs.load("t.Suspend", """
                package t;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;

                public class Suspend {
                    @Async static CompletableFuture<Long> sumDone(CompletableFuture<Integer> done, int times) {
                        long sum = 0;
                        for (int i = 0; i < times; i++) sum += await(done);
                        return completedFuture(sum);
                    }

                    @Async static CompletableFuture<Integer> addOne(CompletableFuture<Integer> previous) {
                        return completedFuture(await(previous) + 1);
                    }

                    @Async static CompletableFuture<Integer> steps(List<CompletableFuture<Integer>> stages, List<Object> frames) {
                        int total = 0;
                        for (CompletableFuture<Integer> stage : stages) {
                            total += await(stage);
                        }
                        return completedFuture(total);
                    }

                    @Async static CompletableFuture<Integer> dropsEarly(Object kept, CompletableFuture<Integer> first,
                            CompletableFuture<Integer> second) {
                        int n = await(first) + (kept.hashCode() & 0);
                        return completedFuture(n + await(second)); // kept is dead at this await
                    }

                    @Async static CompletableFuture<Integer> loop(Queue<CompletableFuture<Integer>> pending, int times) {
                        int total = 0;
                        for (int i = 0; i < times; i++) {
                            CompletableFuture<Integer> next = new CompletableFuture<>();
                            pending.add(next);
                            total += await(next);
                        }
                        return completedFuture(total);
                    }
                }
                """);
        program = loader.loadClass("t.Suspend");
    }

    private static Object call(String name, Object... args) throws Exception {
        Method method = AsyncRun.find(program, name);
        method.setAccessible(true);
        return method.invoke(null, args);
    }

    @Test
    void theFastPathAllocatesNothingPerAwait() throws Exception {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
        for (int warm = 0; warm < 20; warm++) {
            call("sumDone", done, 10_000);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        Object small = call("sumDone", done, 10);
        long afterSmall = threads.getThreadAllocatedBytes(id);
        Object large = call("sumDone", done, 1_000_000);
        long afterLarge = threads.getThreadAllocatedBytes(id);
        assertEquals(10L, ((CompletableFuture<?>) small).join());
        assertEquals(1_000_000L, ((CompletableFuture<?>) large).join());
        long perCall = afterSmall - before;
        long large1M = afterLarge - afterSmall;
        // A million awaits cost what ten do: no allocation per await (reflection's boxing is per call).
        assertTrue(large1M <= perCall + 1024,
                "1,000,000 completed awaits allocated " + large1M + " bytes; 10 allocated " + perCall);
        assertFalse(small instanceof AsyncFrame, "an invocation that never suspends creates no frame");
        assertTrue(small instanceof AsyncFuture);
    }

    @Test
    void oneFrameIsReusedForEverySuspensionOfAnInvocation() throws Exception {
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stages.add(new CompletableFuture<>());
        }
        CompletableFuture<?> result = (CompletableFuture<?>) call("steps", stages, new ArrayList<>());
        assertTrue(result instanceof AsyncFrame, "the first real suspension returns the frame");
        AsyncFrame<?> frame = (AsyncFrame<?>) result;
        Object[] refs = frame.refs;
        for (int i = 0; i < 5; i++) {
            assertFalse(result.isDone());
            assertSame(stages.get(i), frame.awaited(), "the frame waits for stage " + i);
            stages.get(i).complete(i + 1);
            assertSame(refs, frame.refs, "the spill arrays are reused");
        }
        assertEquals(15, result.join());
    }

    @Test
    void aCompletedFrameKeepsNoSpilledValues() throws Exception {
        List<CompletableFuture<Integer>> stages = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        AsyncFrame<?> frame = (AsyncFrame<?>) call("steps", stages, new ArrayList<>());
        stages.get(0).complete(1);
        stages.get(1).complete(2);
        assertEquals(3, frame.join());
        for (Object ref : frame.refs) {
            assertEquals(null, ref, "spilled references are cleared when the method completes");
        }
        assertEquals(null, frame.awaited());
    }

    @Test
    void aWaitingFrameKeepsOnlyTheValuesLiveAtItsAwait() throws Throwable {
        for (boolean otherThread : new boolean[] {false, true}) {
            Object kept = new Object();
            CompletableFuture<Integer> first = new CompletableFuture<>();
            CompletableFuture<Integer> second = new CompletableFuture<>();
            AsyncFrame<?> frame = (AsyncFrame<?>) call("dropsEarly", kept, first, second);
            assertTrue(holds(frame, kept), "kept is live at the first await, so it is spilled");
            completeOn(first, 1, otherThread);
            assertSame(second, frame.awaited());
            assertFalse(holds(frame, kept), "kept is dead at the second await: the frame must let it go");
            completeOn(second, 2, otherThread);
            assertEquals(3, frame.join());
            assertFalse(holds(frame, kept));
        }
    }

    private static boolean holds(AsyncFrame<?> frame, Object value) {
        for (Object ref : frame.refs) {
            if (ref == value) {
                return true;
            }
        }
        return false;
    }

    private static void completeOn(CompletableFuture<Integer> stage, int value, boolean otherThread)
            throws InterruptedException {
        if (!otherThread) {
            stage.complete(value);
            return;
        }
        Thread completer = new Thread(() -> stage.complete(value), "completer");
        completer.start();
        completer.join();
    }

    /** Runs {@code work} on a thread with a 1 MB stack and returns its result or rethrows its failure. */
    private static Object onOneMegabyteStack(java.util.concurrent.Callable<Object> work) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "one-megabyte-stack", 1 << 20);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    @Test
    void aMillionAwaitingCallersCompleteAtOnceOnAOneMegabyteStack() throws Throwable {
        Object last = onOneMegabyteStack(() -> {
            CompletableFuture<Integer> first = new CompletableFuture<>();
            CompletableFuture<?> chain = first;
            for (int i = 0; i < 1_000_000; i++) {
                chain = (CompletableFuture<?>) call("addOne", chain);
            }
            assertFalse(chain.isDone());
            first.complete(0);
            return chain.join();
        });
        assertEquals(1_000_000, last);
    }

    @Test
    void aLoopOfSuspensionsResumesIterativelyOnAOneMegabyteStack() throws Throwable {
        Object result = onOneMegabyteStack(() -> {
            java.util.ArrayDeque<CompletableFuture<Integer>> pending = new java.util.ArrayDeque<>();
            CompletableFuture<?> future = (CompletableFuture<?>) call("loop", pending, 200_000);
            CompletableFuture<Integer> next;
            while ((next = pending.poll()) != null) {
                next.complete(1); // resumes the method inline, which queues the next stage
            }
            return future.join();
        });
        assertEquals(200_000, result);
    }

    @Test
    void theResumeCopyDoesNotStoreAgainWhatTheFrameAlreadyHolds() throws Exception {
        ClassNode node = new ClassNode();
        new ClassReader(loader.classes().get("t.Suspend")).accept(node, 0);
        // loop(pending, times): pending and times are live at the await and never assigned, so
        // only the entry copy (on a fresh frame) stores them; i and total change every iteration.
        assertEquals(1, arrayStores(node, "loop", Opcodes.AASTORE));
        assertEquals(0, arrayStores(node, "loop$async", Opcodes.AASTORE));
        assertEquals(3, arrayStores(node, "loop", Opcodes.LASTORE));
        assertEquals(2, arrayStores(node, "loop$async", Opcodes.LASTORE));
        // the behaviour with those stores left out: aLoopOfSuspensionsResumesIteratively...
    }

    private static int arrayStores(ClassNode node, String method, int opcode) {
        for (MethodNode candidate : node.methods) {
            if (candidate.name.equals(method)) {
                int stores = 0;
                for (AbstractInsnNode insn : candidate.instructions) {
                    stores += insn.getOpcode() == opcode ? 1 : 0;
                }
                return stores;
            }
        }
        throw new AssertionError("no method " + method);
    }

    @Test
    void onlyTheEntryCopyCreatesAFrame() throws Exception {
        ClassNode node = new ClassNode();
        new ClassReader(loader.classes().get("t.Suspend")).accept(node, 0);
        int resumeCopies = 0;
        for (MethodNode method : node.methods) {
            int creates = 0;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals("create")
                        && ((MethodInsnNode) insn).owner.equals("dev/awaitj/internal/AsyncFrame")) {
                    creates++;
                }
                assertFalse(insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals("dev/awaitj/Await"),
                        method.name + " still calls Await.await");
            }
            if (method.name.endsWith("$async")) {
                resumeCopies++;
                assertEquals(0, creates, method.name + " must reuse the frame it is given");
                assertTrue((method.access & Opcodes.ACC_SYNTHETIC) != 0 && (method.access & Opcodes.ACC_PRIVATE) != 0);
            }
        }
        assertEquals(5, resumeCopies);
    }

    /**
     * The context boundary ({@code ContextBoundary}): each entry copy looks up the thread's state
     * once as it starts, gives the caller back its carrier at every return that completes the
     * future (the catch-all's too), and hands both to {@code AsyncFrame.create} where it
     * suspends; the resume copies do none of it (the frame does, around each resumption).
     */
    @Test
    void theEntryCopyGivesTheCallerBackItsCarrierAtEveryReturnAndTheResumeCopyNever() throws Exception {
        ClassNode node = new ClassNode();
        new ClassReader(loader.classes().get("t.Suspend")).accept(node, 0);
        int entries = 0;
        for (MethodNode method : node.methods) {
            List<String> calls = new ArrayList<>();
            int returns = 0;
            int leavesBeforeReturn = 0;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode call && call.owner.startsWith("dev/awaitj/internal/")) {
                    calls.add(call.name + call.desc);
                }
                if (insn.getOpcode() == Opcodes.ARETURN) {
                    returns++;
                    AbstractInsnNode before = insn.getPrevious();
                    if (before instanceof MethodInsnNode call
                            && (call.name.equals("completedValue") || call.name.equals("completedWith")
                                    || call.name.equals("failedWith"))) {
                        before = before.getPrevious();
                    }
                    if (before instanceof MethodInsnNode call && call.name.equals("leaveAsync")) {
                        leavesBeforeReturn++;
                    }
                }
            }
            boolean hasThreadState = calls.stream().anyMatch(c -> c.contains("ThreadState"));
            if (method.name.endsWith("$async")) {
                assertFalse(hasThreadState, method.name + ": " + calls);
                continue;
            }
            if (!calls.contains("suspend(ILjava/util/concurrent/CompletionStage;)V")) {
                continue; // the constructor
            }
            entries++;
            assertEquals("get()Ldev/awaitj/internal/ThreadState;", calls.get(0), method.name + ": " + calls);
            assertEquals("enterAsync()Ljava/lang/Object;", calls.get(1), method.name + ": " + calls);
            int creates = (int) calls.stream().filter(c -> c.equals("create(Ldev/awaitj/internal/AsyncBody;II"
                    + "Ldev/awaitj/internal/ThreadState;Ljava/lang/Object;)Ldev/awaitj/internal/AsyncFrame;")).count();
            assertTrue(creates > 0, method.name + ": " + calls);
            // every return either gives the carrier back itself or returns the frame create() gave it back for
            assertEquals(returns, leavesBeforeReturn + creates, method.name);
            assertTrue(leavesBeforeReturn >= 2, method.name + ": the method's return and the catch-all's");
        }
        assertEquals(5, entries);
    }
}
