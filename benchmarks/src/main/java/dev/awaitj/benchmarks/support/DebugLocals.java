package dev.awaitj.benchmarks.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;

/**
 * The workloads compiled with {@code -Aawaitj.debugLocals=true} (src/debuglocals, a second
 * compiler execution in benchmarks/pom.xml that runs after the main sources): found by name,
 * called through constant method handles.
 */
public final class DebugLocals {
    private DebugLocals() {
    }

    public static MethodHandle find(String className, String method, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(Class.forName(className), method, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the debugLocals variants were not compiled: " + e, e);
        }
    }

    /** Calls a {@code (CompletableFuture) CompletableFuture} workload. */
    public static CompletableFuture<?> call(MethodHandle workload, CompletableFuture<Integer> gate) {
        try {
            return (CompletableFuture<?>) workload.invokeExact(gate);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
