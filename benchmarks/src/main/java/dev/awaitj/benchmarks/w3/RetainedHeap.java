package dev.awaitj.benchmarks.w3;

import dev.awaitj.benchmarks.support.VirtualThreads;
import dev.awaitj.benchmarks.w3.Waiters.Started;
import dev.awaitj.benchmarks.w3.Waiters.Variant;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jol.info.ClassLayout;

/**
 * W3's memory: the heap retained per waiting coroutine, with a million waiting on one stage.
 * Each variant runs in a JVM of its own (so that one variant's garbage or classes cannot count
 * for another): full GC, heap used; start the million; full GC, heap used; the difference over
 * the count is the retained heap per waiter — everything they keep alive: their own object, the
 * callback registered on the gate, spilled locals, and for virtual threads the thread, its
 * continuation and its stack. The array that holds the futures is allocated before the first
 * reading, so it does not count. Rounds repeat the measurement; the median is reported.
 *
 * <pre>
 *   java -cp awaitj-benchmarks.jar dev.awaitj.benchmarks.w3.RetainedHeap [count] [rounds] [VARIANT...]
 * </pre>
 *
 * It also prints what one waiter is made of (object layouts from JOL), so a number above the
 * target can be read off the objects that make it.
 */
public final class RetainedHeap {
    private RetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Variant> variants = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            variants.add(Variant.valueOf(args[i]));
        }
        if (System.getProperty("awaitj.w3.child") != null) {
            measure(variants.get(0), count, rounds);
            return;
        }
        if (variants.isEmpty()) {
            variants.addAll(Arrays.asList(Variant.values()));
        }
        System.out.printf(Locale.ROOT, "W3 retained heap per waiting coroutine, %,d waiting on one stage, %d rounds, %s%n",
                count, rounds, Runtime.version());
        for (Variant variant : variants) {
            if (variant == Variant.VIRTUAL_THREAD && !VirtualThreads.available()) {
                System.out.printf("%-28s skipped: %s%n", variant, VirtualThreads.unavailableReason());
                continue;
            }
            runChild(variant, count, rounds);
        }
        printLayouts();
    }

    private static void runChild(Variant variant, int count, int rounds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms6g", "-Xmx6g", "-XX:+UseParallelGC",
                "-Dawaitj.w3.child=true", "-cp", System.getProperty("java.class.path"),
                RetainedHeap.class.getName(), String.valueOf(count), String.valueOf(rounds), variant.name()));
        Process child = new ProcessBuilder(command).inheritIO().start();
        if (!child.waitFor(20, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new IllegalStateException(variant + " did not finish");
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException(variant + " failed with exit code " + child.exitValue());
        }
    }

    private static void measure(Variant variant, int count, int rounds) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double[] perWaiter = new double[rounds];
        double[] startMillis = new double[rounds];
        double[] finishMillis = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            CompletableFuture<Integer> gate = new CompletableFuture<>();
            CompletableFuture<?>[] slots = variant == Variant.VIRTUAL_THREAD ? null : new CompletableFuture<?>[count];
            long before = usedAfterGc(memory);
            long t0 = System.nanoTime();
            Started started;
            if (slots != null) {
                Waiters.fill(variant, gate, slots);
                started = null;
            } else {
                started = Waiters.start(variant, gate, count);
                while (gate.getNumberOfDependents() < count) {
                    Thread.sleep(1);
                }
            }
            long t1 = System.nanoTime();
            long after = usedAfterGc(memory);
            perWaiter[round] = (after - before) / (double) count;
            long t2 = System.nanoTime();
            gate.complete(1);
            if (slots != null) {
                for (CompletableFuture<?> slot : slots) {
                    if (!Integer.valueOf(2).equals(slot.join())) {
                        throw new IllegalStateException("wrong result");
                    }
                }
            } else {
                started.awaitAll();
            }
            long t3 = System.nanoTime();
            startMillis[round] = (t1 - t0) / 1e6;
            finishMillis[round] = (t3 - t2) / 1e6;
            slots = null;
            started = null;
        }
        System.out.printf(Locale.ROOT, "%-28s retained %7.1f B/waiter (rounds: %s)   start %8.1f ms   finish %8.1f ms (medians; timings are only indicative here, see ManyWaitersBenchmark)%n",
                variant, median(perWaiter), format(perWaiter), median(startMillis), median(finishMillis));
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", value));
        }
        return out.toString();
    }

    /**
     * The objects one waiting coroutine is made of, by class (JOL instance sizes; object graphs
     * cannot be walked on recent JDKs without an agent, but the classes are known): the waiter's
     * own future, the callback node {@code whenComplete}/{@code thenCompose} pushes on the gate,
     * and the future that call returns.
     */
    private static void printLayouts() {
        System.out.println();
        System.out.println("Instance sizes (JOL, this JVM's layout):");
        String[] classes = {
            "dev.awaitj.internal.AsyncFrame",
            "dev.awaitj.internal.AsyncFuture",
            "java.util.concurrent.CompletableFuture",
            "java.util.concurrent.CompletableFuture$UniWhenComplete",
            "java.util.concurrent.CompletableFuture$UniCompose",
            "dev.awaitj.benchmarks.w3.Waiters$StateMachine",
        };
        for (String name : classes) {
            try {
                Class<?> type = Class.forName(name);
                System.out.printf(Locale.ROOT, "  %-58s %4d B%n", name, ClassLayout.parseClass(type).instanceSize());
            } catch (ReflectiveOperationException | RuntimeException e) {
                System.out.printf(Locale.ROOT, "  %-58s unavailable (%s)%n", name, e);
            }
        }
        System.out.printf(Locale.ROOT, "  %-58s %4d B%n", "Object[1] (one spilled reference)",
                ClassLayout.parseInstance(new Object[1]).instanceSize());
        System.out.printf(Locale.ROOT, "  %-58s %4d B%n", "long[1] (one spilled primitive)",
                ClassLayout.parseInstance(new long[1]).instanceSize());
        System.out.println();
        System.out.println(ClassLayout.parseClass(dev.awaitj.internal.AsyncFrame.class).toPrintable());
    }
}
