package dev.awaitj.benchmarks.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads without compiling against JDK 21: the module's baseline is Java 17, so
 * {@code Thread.startVirtualThread} is looked up at run time. On a JDK without it (17), or with it
 * only as a preview (19, 20), the virtual-thread variants are skipped: their setup throws
 * {@link UnsupportedOperationException} with {@link #unavailableReason()}, which JMH prints as that
 * benchmark's failure while the rest of the run goes on.
 */
public final class VirtualThreads {
    private static final MethodHandle START;
    private static final String UNAVAILABLE;

    static {
        MethodHandle start = null;
        String unavailable = null;
        try {
            start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
            // Not a lambda: its body would live in this class, whose initializer is still
            // running, so the probe thread would wait for it while it waits for the probe.
            Thread probe = (Thread) start.invokeExact((Runnable) new Noop());
            probe.join();
        } catch (NoSuchMethodException | IllegalAccessException missing) {
            unavailable = "virtual threads need JDK 21+, this is " + Runtime.version();
        } catch (UnsupportedOperationException preview) {
            unavailable = "virtual threads are a preview feature on " + Runtime.version();
        } catch (Throwable other) {
            unavailable = "virtual threads unavailable: " + other;
        }
        START = unavailable == null ? start : null;
        UNAVAILABLE = unavailable;
    }

    private VirtualThreads() {
    }

    private static final class Noop implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Whether this JDK has (final) virtual threads. */
    public static boolean available() {
        return START != null;
    }

    /** Why {@link #available()} is false, or {@code null}. */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Skips the calling benchmark, with the reason, when virtual threads are missing. */
    public static void require() {
        if (START == null) {
            throw new UnsupportedOperationException("SKIPPED (not a failure): " + UNAVAILABLE);
        }
    }

    /** Starts {@code task} in a new virtual thread. */
    public static Thread start(Runnable task) {
        require();
        try {
            return (Thread) START.invokeExact(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Joins {@code thread}, restoring the interrupt flag if interrupted. */
    public static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
