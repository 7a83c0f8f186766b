package dev.awaitj.serverbench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The server benchmark: every variant's server runs in a JVM of its own (started from this jar
 * with this JVM's {@code java}), all at once, each warmed up in turn. Then, for each connection
 * count, each round loads every variant once, one after the other (starting one further each
 * round), from this JVM. Short runs taken in turn see the same machine, which matters on a shared
 * one; ratios are taken within a round. Prints each run, then a Markdown table of medians over the
 * rounds and the ratios to the targets.
 *
 * <pre>
 *   java -Drounds=3 -Dconnections=64,256,1024 -Drequests=200000 -Dseconds=10 -Dwarmup=5 \
 *       -jar server-benchmark/target/awaitj-server-benchmark.jar [VARIANT...]
 * </pre>
 */
public final class ServerBenchmark {
    private ServerBenchmark() {
    }

    /** One variant at one connection count in one round. */
    record Measurement(double perSecond, double p50, double p99, double p999, double cpuMicrosPerRequest,
            long requests, long errors) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 3);
        int[] connections = Arrays.stream(System.getProperty("connections", "64,256,1024").split(","))
                .mapToInt(Integer::parseInt).toArray();
        long requests = Long.getLong("requests", 200_000);
        double seconds = Double.parseDouble(System.getProperty("seconds", "10"));
        double warmup = Double.parseDouble(System.getProperty("warmup", "5"));
        List<Variant> variants = new ArrayList<>();
        for (String arg : args) {
            variants.add(Variant.valueOf(arg));
        }
        if (variants.isEmpty()) {
            variants.addAll(Arrays.asList(Variant.values()));
        }
        System.out.printf(Locale.ROOT, "server benchmark: %s, %d rounds, connections %s, at most %,d requests or %.1f s"
                + " per run, %.1f s warm-up; %s, %d cores%n", variants, rounds, Arrays.toString(connections), requests,
                seconds, warmup, Runtime.version(), Runtime.getRuntime().availableProcessors());
        variants.removeIf(variant -> {
            if (!variant.runsHere()) {
                System.out.printf("%s skipped: virtual threads need JDK 21+%n", variant);
            }
            return !variant.runsHere();
        });
        List<Server> servers = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                servers.add(new Server(variant));
            }
            for (Server server : servers) {
                if (warmup > 0) {
                    server.load.run(256, Long.MAX_VALUE, warmup);
                }
            }
            List<Map<Variant, Measurement[]>> all = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                all.add(new EnumMap<>(Variant.class));
            }
            for (int c = 0; c < connections.length; c++) {
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < servers.size(); i++) {
                        // a round runs every variant once, starting one further each round
                        Server server = servers.get((i + round) % servers.size());
                        Measurement measured = server.measure(connections[c], requests, seconds);
                        all.get(round).computeIfAbsent(server.variant, v -> new Measurement[connections.length])[c] = measured;
                        System.out.printf(Locale.ROOT, "round %d  %-16s %5d conns: %,9.0f req/s  p50 %6.2f  p99 %6.2f"
                                + "  p99.9 %6.2f ms  server CPU %5.1f us/req  (%,d requests)%n", round + 1, server.variant,
                                connections[c], measured.perSecond(), measured.p50(), measured.p99(), measured.p999(),
                                measured.cpuMicrosPerRequest(), measured.requests());
                    }
                }
            }
            summarize(all, variants, connections);
        } finally {
            for (Server server : servers) {
                server.close();
            }
        }
    }

    /** One variant's server, in a JVM of its own, and the load generator aimed at it. */
    private static final class Server implements AutoCloseable {
        final Variant variant;
        final Process process;
        final LoadGenerator load;

        Server(Variant variant) throws Exception {
            this.variant = variant;
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(javaBin.toString(), "-Xms1g", "-Xmx1g", "-cp",
                    System.getProperty("java.class.path"), ServerMain.class.getName(), variant.name())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                process.destroyForcibly();
                throw new IllegalStateException(variant + ": the server did not start: " + ready);
            }
            load = new LoadGenerator(Integer.parseInt(ready.substring("READY ".length())));
        }

        Measurement measure(int connections, long requests, double seconds) throws Exception {
            Duration cpuBefore = cpu(process);
            LoadGenerator.Result result = load.run(connections, requests, seconds);
            Duration cpu = cpu(process).minus(cpuBefore);
            if (result.errors() > 0) {
                throw new IllegalStateException(variant + ": " + result.errors() + " failed requests");
            }
            return new Measurement(result.perSecond(), millis(result, 50), millis(result, 99), millis(result, 99.9),
                    cpu.toNanos() / 1e3 / Math.max(1, result.requests()), result.requests(), result.errors());
        }

        @Override
        public void close() throws Exception {
            load.close();
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Duration cpu(Process server) {
        return server.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static double millis(LoadGenerator.Result result, double percentile) {
        return result.latencyMicros().getValueAtPercentile(percentile) / 1e3;
    }

    private static void summarize(List<Map<Variant, Measurement[]>> all, List<Variant> variants, int[] connections) {
        System.out.printf("%n| connections | variant | req/s, median [range] | p50 ms | p99 ms | p99.9 ms | server CPU us/req |%n");
        System.out.printf("|---|---|---|---|---|---|---|%n");
        for (int c = 0; c < connections.length; c++) {
            for (Variant variant : variants) {
                int at = c;
                List<Measurement> rows = all.stream().filter(round -> round.containsKey(variant))
                        .map(round -> round.get(variant)[at]).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "| %d | %s | %,.0f [%,.0f–%,.0f] | %.2f | %.2f | %.2f | %.1f |%n",
                        connections[c], variant.label, median(rows, Measurement::perSecond),
                        min(rows, Measurement::perSecond), max(rows, Measurement::perSecond),
                        median(rows, Measurement::p50), median(rows, Measurement::p99), median(rows, Measurement::p999),
                        median(rows, Measurement::cpuMicrosPerRequest));
            }
        }
        System.out.printf("%nratios, each within a round: median [range]; target%n");
        for (int c = 0; c < connections.length; c++) {
            ratio(all, c, connections[c], "awaitj / composition, req/s", Variant.COMPOSITION, Measurement::perSecond,
                    ">= 0.95", r -> r >= 0.95);
            ratio(all, c, connections[c], "awaitj / virtual threads, req/s", Variant.VIRTUAL_THREADS,
                    Measurement::perSecond, ">= 1.0", r -> r >= 1.0);
            ratio(all, c, connections[c], "awaitj / composition, p99", Variant.COMPOSITION, Measurement::p99,
                    "<= 1.1", r -> r <= 1.1);
            ratio(all, c, connections[c], "awaitj / composition, server CPU per request", Variant.COMPOSITION,
                    Measurement::cpuMicrosPerRequest, "(none)", r -> true);
        }
    }

    private static void ratio(List<Map<Variant, Measurement[]>> all, int c, int connections, String what, Variant base,
            ToDoubleFunction<Measurement> metric, String target, java.util.function.DoublePredicate met) {
        double[] ratios = all.stream().filter(round -> round.containsKey(Variant.AWAITJ) && round.containsKey(base))
                .mapToDouble(round -> metric.applyAsDouble(round.get(Variant.AWAITJ)[c])
                        / metric.applyAsDouble(round.get(base)[c]))
                .sorted().toArray();
        if (ratios.length == 0) {
            return;
        }
        double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "%5d conns  %-46s %.2f [%.2f–%.2f]  target %s: %s%n", connections, what, median,
                ratios[0], ratios[ratios.length - 1], target, met.test(median) ? "met" : "MISSED");
    }

    private static double median(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
        double[] values = rows.stream().mapToDouble(metric).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static double min(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
        return rows.stream().mapToDouble(metric).min().orElse(Double.NaN);
    }

    private static double max(List<Measurement> rows, ToDoubleFunction<Measurement> metric) {
        return rows.stream().mapToDouble(metric).max().orElse(Double.NaN);
    }
}
