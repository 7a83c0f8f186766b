package dev.awaitj.benchmarks.w4;

import dev.awaitj.benchmarks.support.VirtualThreads;
import dev.awaitj.benchmarks.w4.Chains.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W4's depth limit: for each variant, the deepest chain whose resumption from the bottom completes
 * on a thread with a 1 MB stack, trying 1,000, 10,000, 100,000 and 1,000,000 levels and then
 * bisecting between the last depth that worked and the first that overflowed. The chain is built
 * on a thread with a 1 GB stack (its descent is plain recursion in every variant); for the
 * virtual-thread variant the whole chain lives on the virtual thread's own stack.
 * Also prints the resume time per level at each depth tried (one run each: indicative only; see
 * {@link DeepChainBenchmark} for measured times).
 *
 * <pre>
 *   java -cp awaitj-benchmarks.jar dev.awaitj.benchmarks.w4.MaxDepth [VARIANT...]
 * </pre>
 *
 * With {@code -Dawaitj.w4.require=N} it exits with status 1 if a variant named on the command line
 * does not complete {@code N} levels (CI's smoke run checks awaitj's 1,000,000 this way).
 */
public final class MaxDepth {
    private static final long ONE_MEGABYTE = 1 << 20;
    private static final int[] DEPTHS = {1_000, 10_000, 100_000, 1_000_000};

    private MaxDepth() {
    }

    public static void main(String[] args) throws Exception {
        List<Variant> variants = new ArrayList<>();
        for (String arg : args) {
            variants.add(Variant.valueOf(arg));
        }
        if (variants.isEmpty()) {
            variants.addAll(Arrays.asList(Variant.values()));
        }
        System.out.println("W4 deepest chain resumed on a 1 MB stack, " + Runtime.version());
        int required = Integer.getInteger("awaitj.w4.require", 0);
        boolean shortOfRequired = false;
        for (Variant variant : variants) {
            if (variant == Variant.VIRTUAL_THREAD && !VirtualThreads.available()) {
                System.out.printf("%-28s skipped: %s%n", variant, VirtualThreads.unavailableReason());
                continue;
            }
            int good = 0;
            int bad = -1;
            StringBuilder log = new StringBuilder();
            for (int depth : DEPTHS) {
                Outcome outcome = attempt(variant, depth);
                log.append(String.format(Locale.ROOT, " %,d:%s", depth, outcome));
                if (!outcome.ok) {
                    bad = depth;
                    break;
                }
                good = depth;
            }
            if (bad > 0) {
                while (bad - good > Math.max(good / 50, 100)) { // within 2%
                    int middle = good + (bad - good) / 2;
                    if (attempt(variant, middle).ok) {
                        good = middle;
                    } else {
                        bad = middle;
                    }
                }
            }
            if (required > 0 && (bad > 0 ? good : DEPTHS[DEPTHS.length - 1]) < required) {
                shortOfRequired = true;
            }
            System.out.printf(Locale.ROOT, "%-28s deepest: %s%s%n   tried:%s%n", variant,
                    bad < 0 ? String.format(Locale.ROOT, "≥ %,d (all tried depths completed)", good)
                            : String.format(Locale.ROOT, "%,d (overflows at %,d)", good, bad),
                    "", log);
        }
        if (required > 0) {
            if (shortOfRequired) {
                System.out.printf(Locale.ROOT, "FAILED: a variant did not reach the required %,d levels%n", required);
                System.exit(1);
            }
            return;
        }
        Outcome floor = synchronousFloor();
        System.out.printf(Locale.ROOT, "%-28s plain recursion, 1 MB stack: %s%n", "SYNCHRONOUS", floor);
    }

    /** What one try came to. */
    static final class Outcome {
        final boolean ok;
        final String text;

        Outcome(boolean ok, String text) {
            this.ok = ok;
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    static Outcome attempt(Variant variant, int depth) throws InterruptedException {
        Chains.Waiting chain;
        try {
            chain = DeepChainBenchmark.onLargeStack(variant, depth);
        } catch (IllegalStateException failed) {
            Throwable cause = failed.getCause();
            while (cause != null && cause.getCause() != null && !(cause instanceof StackOverflowError)) {
                cause = cause.getCause();
            }
            return new Outcome(false, "build failed (" + cause + ")");
        }
        AtomicReference<Object> result = new AtomicReference<>();
        long[] nanos = new long[1];
        Thread resumer = new Thread(null, () -> {
            try {
                long start = System.nanoTime();
                int top = chain.resume();
                nanos[0] = System.nanoTime() - start;
                result.set(top);
            } catch (Throwable t) {
                result.set(t);
            }
        }, "w4-resumer-1MB", ONE_MEGABYTE);
        resumer.start();
        resumer.join();
        Object top = result.get();
        if (top instanceof Integer && (Integer) top == depth) {
            return new Outcome(true, String.format(Locale.ROOT, "ok %.1f ns/level", nanos[0] / (double) depth));
        }
        Chains.Level.overflowed = false;
        return new Outcome(false, "FAILED " + describe(top));
    }

    private static String describe(Object outcome) {
        if (!(outcome instanceof Throwable)) {
            if (outcome == null) {
                return "no result";
            }
            return "top = " + outcome;
        }
        Throwable t = (Throwable) outcome;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StackOverflowError) {
                return "StackOverflowError";
            }
        }
        return t.toString();
    }

    private static Outcome synchronousFloor() throws InterruptedException {
        int good = 0;
        int bad = 1 << 24;
        int[] ok = new int[1];
        while (bad - good > Math.max(good / 50, 100)) {
            int depth = good == 0 ? 1000 : Math.min(good * 2, good + (bad - good) / 2);
            ok[0] = -1;
            Thread thread = new Thread(null, () -> {
                try {
                    ok[0] = Chains.synchronous(depth, 0);
                } catch (StackOverflowError overflow) {
                    ok[0] = -1;
                }
            }, "w4-sync-1MB", ONE_MEGABYTE);
            thread.start();
            thread.join();
            if (ok[0] == depth) {
                good = depth;
            } else {
                bad = depth;
            }
        }
        return new Outcome(true, String.format(Locale.ROOT, "deepest about %,d (overflows at %,d)", good, bad));
    }
}
