package dev.awaitj.processor.fuzz;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What generated programs call, in both their rewritten and their oracle build: stages that
 * complete now or later (by {@link Mode}), a trace that records values in evaluation order, and a
 * few small types that give constructors, resources and exceptions something to do.
 *
 * <p>One program runs at a time; the driver resets this state before each run. Resumptions run
 * on the completer thread while the driver waits for them, so the trace is guarded only for
 * visibility.
 */
public final class FuzzRuntime {
    /** How stages complete. */
    public enum Mode {
        /** Every stage is complete when created: the rewritten program never suspends. */
        COMPLETED,
        /** Every stage completes later, on another thread, one at a time. */
        SUSPENDED,
        /** Each stage, by a seeded coin, is complete now or completes later. */
        MIXED
    }

    /** Thrown by programs and by failed stages. */
    public static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Boom(String message) {
            super(message, null, false, false);
        }
    }

    /** A checked failure, caught through {@code await(stage, CheckedBoom.class)}. */
    public static final class CheckedBoom extends Exception {
        private static final long serialVersionUID = 1L;

        public CheckedBoom(String message) {
            super(message, null, false, false);
        }
    }

    /** A value with a traced constructor: {@code new Box(a, await(b))} keeps an uninitialized object on the stack. */
    public static final class Box {
        private final Object left;
        private final Object right;

        public Box(Object left, Object right) {
            this.left = left;
            this.right = right;
            record("new(" + left + "," + right + ")");
        }

        @Override
        public String toString() {
            return "<" + left + "," + right + ">";
        }
    }

    /** A resource whose opening and closing are traced; it may fail when closed. */
    public static final class Res implements AutoCloseable {
        private final String name;
        private final boolean failOnClose;

        public Res(String name, Object value, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            record("open " + name + ":" + value);
        }

        @Override
        public void close() {
            record("close " + name);
            if (failOnClose) {
                throw new Boom("close " + name);
            }
        }
    }

    public enum Color { RED, GREEN, BLUE }

    /** A program that runs away (a generator bug) stops here, identically in both builds. */
    static final int MAX_STEPS = 200_000;

    private static Mode mode = Mode.COMPLETED;
    private static Random coin = new Random(0);
    private static final ArrayDeque<Runnable> PENDING = new ArrayDeque<>();
    private static final StringBuilder TRACE = new StringBuilder();
    private static int fuel;
    private static int steps;
    private static int stagesMade;

    private FuzzRuntime() {
    }

    static synchronized void reset(Mode newMode, long mixSeed, int newFuel) {
        mode = newMode;
        coin = new Random(mixSeed);
        PENDING.clear();
        TRACE.setLength(0);
        fuel = newFuel;
        steps = 0;
        stagesMade = 0;
    }

    /** The completion of the oldest stage still pending, or null. */
    static synchronized Runnable nextPending() {
        return PENDING.poll();
    }

    static synchronized String trace() {
        return TRACE.toString();
    }

    static synchronized int stagesMade() {
        return stagesMade;
    }

    private static synchronized void record(String entry) {
        if (++steps > MAX_STEPS) {
            throw new IllegalStateException("fuzz program ran away");
        }
        TRACE.append(entry).append(';');
    }

    private static synchronized <T> CompletableFuture<T> make(T value, Throwable failure) {
        stagesMade++;
        boolean now = mode == Mode.COMPLETED || mode == Mode.MIXED && coin.nextBoolean();
        if (now) {
            return failure == null ? CompletableFuture.completedFuture(value) : CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        PENDING.add(() -> {
            if (failure == null) {
                later.complete(value);
            } else {
                later.completeExceptionally(failure);
            }
        });
        return later;
    }

    /** A stage with {@code value}. */
    public static <T> CompletableFuture<T> stage(T value) {
        return make(value, null);
    }

    // Typed stage makers and loggers: generated programs call these rather than the generic
    // stage/log, because nested generic calls make javac's inference slow.

    public static CompletableFuture<Boolean> sZ(boolean value) {
        return make(value, null);
    }

    public static boolean lZ(String label, boolean value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Byte> sB(byte value) {
        return make(value, null);
    }

    public static byte lB(String label, byte value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Short> sS(short value) {
        return make(value, null);
    }

    public static short lS(String label, short value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Character> sC(char value) {
        return make(value, null);
    }

    public static char lC(String label, char value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Integer> sI(int value) {
        return make(value, null);
    }

    public static int lI(String label, int value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Long> sJ(long value) {
        return make(value, null);
    }

    public static long lJ(String label, long value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Float> sF(float value) {
        return make(value, null);
    }

    public static float lF(String label, float value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Double> sD(double value) {
        return make(value, null);
    }

    public static double lD(String label, double value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<String> sT(String value) {
        return make(value, null);
    }

    public static String lT(String label, String value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Integer> sN(Integer value) {
        return make(value, null);
    }

    public static Integer lN(String label, Integer value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Box> sX(Box value) {
        return make(value, null);
    }

    public static Box lX(String label, Box value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Object> sO(Object value) {
        return make(value, null);
    }

    public static Object lO(String label, Object value) {
        record(label + "=" + value);
        return value;
    }

    public static CompletableFuture<Color> sE(Color value) {
        return make(value, null);
    }

    /** A stage of {@code type} that fails with {@link Boom}. */
    public static <T> CompletableFuture<T> fail(String message, Class<T> type) {
        return make(null, new Boom(message));
    }

    /** A stage of {@code type} that fails with {@link CheckedBoom}. */
    public static <T> CompletableFuture<T> failChecked(String message, Class<T> type) {
        return make(null, new CheckedBoom(message));
    }

    /** Records {@code label=value} and returns the value. */
    public static <T> T log(String label, T value) {
        record(label + "=" + value);
        return value;
    }

    /** Records a caught exception. */
    public static void caught(String label, Throwable e) {
        record(label + "!" + e.getClass().getSimpleName() + ":" + e.getMessage()
                + (e.getSuppressed().length > 0 ? "+" + e.getSuppressed().length : ""));
    }

    /** Whether a call to another async method may still happen: bounds the whole call tree. */
    public static synchronized boolean fuel() {
        return fuel-- > 0;
    }

    /** An index into an array of {@code length}. */
    public static int idx(int index, int length) {
        return Math.floorMod(index, length);
    }

    /** Runs an async lambda; rewritten, it returns its future; in the oracle, it has already run. */
    public static <T> CompletableFuture<T> async(Class<T> type, java.util.function.Supplier<CompletableFuture<T>> body) {
        return body.get();
    }

    /** A non-async lambda inside an async method. */
    public static int applyInt(java.util.function.IntUnaryOperator function, int value) {
        return function.applyAsInt(value);
    }

    /** A new String[] without nulls. */
    public static String[] fill(String[] array) {
        java.util.Arrays.fill(array, "f");
        return array;
    }

    /** Argument lists of any shape, evaluated left to right. */
    public static String join(Object... parts) {
        StringBuilder out = new StringBuilder("[");
        for (Object part : parts) {
            out.append(part).append('|');
        }
        return out.append(']').toString();
    }
}
