package dev.awaitj.benchmarks.w5;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * W5 without JMH, for profiling: compiles the {@link CompileTimeBenchmark} project in one JVM,
 * the variants interleaved round by round, and prints the compiling thread's and the process's CPU
 * time per compilation. Arguments: {@code asyncEvery warmUpRounds rounds variant...}, variants
 * {@code none}, {@code noop}, {@code warm}, {@code cold}; {@code -Dclasses=N} (default 300).
 *
 * <pre>
 * java -XX:StartFlightRecording:filename=w5.jfr,settings=profile,jdk.ExecutionSample#period=1ms \
 *     -cp awaitj-benchmarks.jar dev.awaitj.benchmarks.w5.CompileTimeDriver 1 6 10 warm
 * </pre>
 */
public final class CompileTimeDriver {
    private CompileTimeDriver() {
    }

    public static void main(String[] args) throws Exception {
        int asyncEvery = Integer.parseInt(args[0]);
        int warmUpRounds = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<String> variants = List.of(args).subList(3, args.length);
        CompileTimeBenchmark project = new CompileTimeBenchmark();
        project.classes = Integer.getInteger("classes", 300);
        project.asyncEvery = asyncEvery;
        project.generate();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] threadMillis = new double[variants.size()][rounds];
        double[][] processMillis = new double[variants.size()][rounds];
        try {
            for (int round = -warmUpRounds; round < rounds; round++) {
                for (int v = 0; v < variants.size(); v++) {
                    long thread0 = threads.getCurrentThreadCpuTime();
                    long process0 = os.getProcessCpuTime();
                    compile(project, variants.get(v));
                    double thread = (threads.getCurrentThreadCpuTime() - thread0) / 1e6;
                    double process = (os.getProcessCpuTime() - process0) / 1e6;
                    if (round >= 0) {
                        threadMillis[v][round] = thread;
                        processMillis[v][round] = process;
                    } else {
                        System.out.printf("warm-up %s: %.0f ms thread, %.0f ms process%n",
                                variants.get(v), thread, process);
                    }
                }
            }
        } finally {
            project.delete();
        }
        for (int v = 0; v < variants.size(); v++) {
            System.out.printf("%-5s CPU ms per compilation: thread %s; process %s%n", variants.get(v),
                    summary(threadMillis[v]), summary(processMillis[v]));
        }
    }

    private static void compile(CompileTimeBenchmark project, String variant) throws Exception {
        switch (variant) {
            case "none": project.withoutProcessor(); break;
            case "noop": project.withNoOpProcessor(); break;
            case "warm": project.withWarmProcessor(); break;
            case "cold": project.withProcessorPath(); break;
            default: throw new IllegalArgumentException("variant: none, noop, warm or cold, not " + variant);
        }
    }

    private static String summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double squares = Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum();
        double sd = Math.sqrt(squares / Math.max(1, values.length - 1));
        return String.format("mean %.0f, sd %.0f, median %.0f, min %.0f", mean, sd,
                sorted[values.length / 2], sorted[0]);
    }
}
