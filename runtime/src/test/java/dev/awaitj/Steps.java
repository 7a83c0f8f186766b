package dev.awaitj;

import dev.awaitj.internal.AsyncBody;
import dev.awaitj.internal.AsyncBootstrap;
import dev.awaitj.internal.AsyncFrame;
import dev.awaitj.internal.AsyncSupport;
import dev.awaitj.internal.Rewritten;
import dev.awaitj.internal.ThreadState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the processor would emit for an {@code @Async} method whose body is a sequence of awaits,
 * written by hand against the internal contract, so runtime tests exercise real frames
 * (suspension, resumption through the loop's dispatcher, cancellation at the await) before the
 * processor exists:
 *
 * <pre>
 * &#64;Async CompletableFuture&lt;Object&gt; steps() {
 *     try {
 *         Object v = await(first.get());          // state 1, line 101
 *         v = await(then[0].apply(v));            // state 2, line 102
 *         ...
 *         return completedFuture(v);
 *     } finally { onExit.run(); }
 * }
 * </pre>
 */
final class Steps {
    private static final AsyncBody BODY = body();

    private final Supplier<? extends CompletionStage<?>> first;
    private final List<Function<Object, ? extends CompletionStage<?>>> then;
    private final Runnable onExit;

    private Steps(Supplier<? extends CompletionStage<?>> first,
            List<Function<Object, ? extends CompletionStage<?>>> then, Runnable onExit) {
        this.first = first;
        this.then = then;
        this.onExit = onExit;
    }

    /** Runs an emulated async method: await first, then each function of the previous value. */
    @SafeVarargs
    static <T> CompletableFuture<T> run(Supplier<? extends CompletionStage<?>> first,
            Function<Object, ? extends CompletionStage<?>>... then) {
        return start(new Steps(first, List.of(then), () -> { }));
    }

    /** Like {@link #run}, with a "finally" block. */
    @SafeVarargs
    static <T> CompletableFuture<T> runFinally(Runnable onExit,
            Supplier<? extends CompletionStage<?>> first,
            Function<Object, ? extends CompletionStage<?>>... then) {
        return start(new Steps(first, List.of(then), onExit));
    }

    /** The entry copy: runs synchronously until the first real suspension. */
    private static <T> CompletableFuture<T> start(Steps program) {
        ThreadState thread = ThreadState.get();
        Object saved = thread.enterAsync();
        CompletableFuture<T> future = startIn(program, thread, saved);
        thread.leaveAsync(saved); // a second time after a suspension: no change
        return future;
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> startIn(Steps program, ThreadState thread, Object saved) {
        try {
            CompletionStage<?> stage = program.first.get();
            int done = 0;
            for (;;) {
                Object value = AsyncSupport.poll(stage);
                if (value == AsyncSupport.PENDING) {
                    AsyncFrame<T> frame = AsyncFrame.create(BODY, 1, 0, thread, saved);
                    frame.refs[0] = program;
                    frame.suspend(done + 1, stage);
                    return frame;
                }
                if (done == program.then.size()) {
                    program.onExit.run();
                    return (CompletableFuture<T>) AsyncSupport.completedValue(value);
                }
                stage = program.then.get(done++).apply(value);
            }
        } catch (Throwable thrown) {
            try {
                program.onExit.run();
            } catch (Throwable fromFinally) {
                return AsyncSupport.failedWith(fromFinally);
            }
            return AsyncSupport.failedWith(thrown);
        }
    }

    /** The resume copy. */
    @Rewritten(method = "steps", file = "Steps.java", awaitLines = {101, 102, 103, 104, 105, 106})
    private static void steps$async(AsyncFrame<?> frame) {
        Steps program = (Steps) frame.refs[0];
        int done = frame.state - 1;
        try {
            Object value = frame.resumeValue();
            for (;;) {
                if (done == program.then.size()) {
                    program.onExit.run();
                    frame.finishValue(value);
                    return;
                }
                CompletionStage<?> stage = program.then.get(done++).apply(value);
                value = AsyncSupport.poll(stage);
                if (value == AsyncSupport.PENDING) {
                    frame.refs[0] = program;
                    frame.suspend(done + 1, stage);
                    return;
                }
            }
        } catch (Throwable thrown) {
            try {
                program.onExit.run();
            } catch (Throwable fromFinally) {
                frame.finishExceptionally(fromFinally);
                return;
            }
            frame.finishExceptionally(thrown);
        }
    }

    private static AsyncBody body() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodType resume = MethodType.methodType(void.class, AsyncFrame.class);
            return (AsyncBody) AsyncBootstrap.body(lookup, "resume", MethodType.methodType(AsyncBody.class),
                    lookup.findStatic(Steps.class, "steps$async", resume)).getTarget().invoke();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
