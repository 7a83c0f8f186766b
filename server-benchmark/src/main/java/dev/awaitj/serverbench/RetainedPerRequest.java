package dev.awaitj.serverbench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap retained per request parked at its first await, for each variant in a JVM of its own. The
 * requests are started as the server starts them: each on a duplicated context of its own (what
 * Vert.x 5 gives each HTTP request), the variant's handler given a {@link StandInRequest}. The
 * contexts, stand-ins and the pending results are made before the first reading, so what is
 * measured is what the handler keeps while it waits: its frames or callbacks, its dispatch, its
 * virtual thread and stack. Full GC, heap used; start them all; wait until each has asked for its
 * later result; full GC, heap used; the difference over the count. Then all are completed and
 * every request must be answered.
 *
 * <pre>
 *   java -cp awaitj-server-benchmark.jar dev.awaitj.serverbench.RetainedPerRequest 10000,100000 [VARIANT...]
 * </pre>
 */
public final class RetainedPerRequest {
    private RetainedPerRequest() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<Variant> variants = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            variants.add(Variant.valueOf(args[i]));
        }
        if (System.getProperty("awaitj.serverbench.child") != null) {
            System.out.println("RETAINED " + measure(variants.get(0), counts[0]));
            return;
        }
        if (variants.isEmpty()) {
            variants.addAll(Arrays.asList(Variant.values()));
        }
        int rounds = Integer.getInteger("rounds", 3);
        System.out.printf(Locale.ROOT, "heap retained per request parked at its first await, %d rounds, %s%n", rounds,
                Runtime.version());
        System.out.printf("%n| variant | %s |%n|---|%s%n", String.join(" | ",
                Arrays.stream(counts).mapToObj(count -> String.format(Locale.ROOT, "%,d parked, B/request", count)).toList()),
                "---|".repeat(counts.length));
        for (Variant variant : variants) {
            if (!variant.runsHere()) {
                System.out.printf("| %s | skipped: virtual threads need JDK 21+ |%n", variant.label);
                continue;
            }
            StringBuilder row = new StringBuilder("| " + variant.label + " |");
            for (int count : counts) {
                double[] rounded = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    rounded[round] = child(variant, count);
                }
                Arrays.sort(rounded);
                row.append(String.format(Locale.ROOT, " %.0f [%.0f–%.0f] |", rounded[rounds / 2], rounded[0],
                        rounded[rounds - 1]));
            }
            System.out.println(row);
        }
    }

    private static double child(Variant variant, int count) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaBin.toString(), "-Xmx2g", "-Dawaitj.serverbench.child=true",
                "-cp", System.getProperty("java.class.path"), RetainedPerRequest.class.getName(),
                Integer.toString(count), variant.name())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        Double retained = null;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("RETAINED ")) {
                retained = Double.parseDouble(line.substring("RETAINED ".length()));
            }
        }
        if (process.waitFor() != 0 || retained == null) {
            throw new IllegalStateException(variant + " at " + count + ": the measuring JVM failed");
        }
        return retained;
    }

    private static double measure(Variant variant, int count) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        CompletableFuture<Context> deployed = new CompletableFuture<>();
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                deployed.complete(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setThreadingModel(variant.threading));
        ContextInternal base = (ContextInternal) deployed.get(30, TimeUnit.SECONDS);
        ParkedWork work = new ParkedWork(count, variant.vertxFutures);
        AtomicInteger answered = new AtomicInteger();
        Handler<HttpServerRequest> handler = variant.handler(work);
        ContextInternal[] contexts = new ContextInternal[count];
        HttpServerRequest[] requests = new HttpServerRequest[count];
        for (int i = 0; i < count; i++) {
            contexts[i] = base.duplicate();
            requests[i] = StandInRequest.create(answered);
        }
        warmUp(variant, vertx, base);
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            int at = i;
            contexts[i].runOnContext(now -> handler.handle(requests[at]));
        }
        waitUntil(() -> work.handedOut() == count, variant + ": every request asks for its later result");
        Thread.sleep(200); // a virtual thread parks just after asking
        long after = usedAfterGc();
        if (Boolean.getBoolean("awaitj.serverbench.histogram")) {
            printHistogram(count); // what each parked request is made of
        }
        // what was made before the first reading stays reachable until after the second, or the
        // JIT may let the collector take what no handler holds (a context) and make it count negative
        java.lang.ref.Reference.reachabilityFence(contexts);
        java.lang.ref.Reference.reachabilityFence(requests);
        work.completeAll();
        waitUntil(() -> answered.get() == count, variant + ": every request answered once completed");
        double perRequest = (after - before) / (double) count;
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return perRequest;
    }

    /** The same code on a few hundred requests first, so that no class loading counts. */
    private static void warmUp(Variant variant, Vertx vertx, ContextInternal base) throws Exception {
        int count = 500;
        ParkedWork work = new ParkedWork(count, variant.vertxFutures);
        AtomicInteger answered = new AtomicInteger();
        Handler<HttpServerRequest> handler = variant.handler(work);
        for (int i = 0; i < count; i++) {
            HttpServerRequest request = StandInRequest.create(answered);
            base.duplicate().runOnContext(now -> handler.handle(request));
        }
        waitUntil(() -> work.handedOut() == count, "warm-up started");
        Thread.sleep(100);
        work.completeAll();
        waitUntil(() -> answered.get() == count, "warm-up answered");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 120 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The classes with at least one instance per parked request (jcmd GC.class_histogram), to stderr. */
    private static void printHistogram(int count) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[1].matches("\\d+") && Long.parseLong(columns[1]) >= count) {
                System.err.println(line);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
