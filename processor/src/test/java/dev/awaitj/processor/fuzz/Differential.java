package dev.awaitj.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.processor.verify.BytecodeVerifier;
import dev.awaitj.processor.verify.EcjBuild;
import dev.awaitj.processor.verify.InMemoryCompiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The differential check: each generated program is compiled twice in one batch per variant —
 * with the processor, and without it against {@link BlockingAwait} — and its outcome (result or
 * exception, then the trace) must be the same with every stage complete, with every stage
 * completed later on another thread, and with a seeded mix of both.
 */
final class Differential {
    /** Calls to async methods allowed per run: bounds the call tree of recursive programs. */
    static final int FUEL = 12;
    private static final long RUN_TIMEOUT_SECONDS = 30;

    /** What can go wrong with one program. */
    enum Kind {
        /** The oracle did not compile: the generator made an invalid program (a fuzzer bug). */
        GENERATOR,
        /** The oracle compiled, the processor build did not. */
        REWRITE_COMPILE,
        /** A rewritten class fails ASM's or the JVM's verifier. */
        VERIFY,
        /** Outcomes differ, or the rewritten program misbehaved (escaped exception, never finished). */
        MISMATCH
    }

    static final class Finding {
        final GeneratedProgram program;
        final Kind kind;
        final String detail;

        Finding(GeneratedProgram program, Kind kind, String detail) {
            this.program = program;
            this.kind = kind;
            this.detail = detail;
        }

        @Override
        public String toString() {
            return "seed " + program.seed + " (" + program.className + "): " + kind + "\n" + detail;
        }
    }

    /** Nanoseconds spent compiling the oracles, compiling with the processor, verifying, running. */
    static final long[] TIMES = new long[4];

    /** Programs run, of which threw, stages awaited by the oracles, trace characters, with a stream. */
    static final long[] STATS = new long[5];

    static String stats() {
        return String.format("%d programs: %d ended by an exception, %d consume an async stream; on average %d"
                        + " stages and %d trace characters per run",
                STATS[0], STATS[1], STATS[4], STATS[2] / Math.max(1, STATS[0]), STATS[3] / Math.max(1, STATS[0]))
                + (ECJ_MISCOMPILED[0] == 0 ? "" : "; " + ECJ_MISCOMPILED[0] + " set aside: ECJ's own class file does not verify");
    }

    static String times() {
        return String.format("compile oracle %.1f s and rewritten %.1f s (in parallel), verify %.1f s, run %.1f s",
                TIMES[0] / 1e9, TIMES[1] / 1e9, TIMES[2] / 1e9, TIMES[3] / 1e9);
    }

    private static final ExecutorService COMPLETER = Executors.newSingleThreadExecutor(daemon("fuzz-completer"));
    private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(daemon("fuzz-oracle-javac"));
    private static ExecutorService runner = Executors.newSingleThreadExecutor(daemon("fuzz-runner"));

    private Differential() {
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Checks a batch of programs; returns what went wrong, per program. */
    static List<Finding> check(List<GeneratedProgram> programs) {
        List<Finding> findings = new ArrayList<>();
        Map<String, GeneratedProgram> remaining = new LinkedHashMap<>();
        for (GeneratedProgram program : programs) {
            remaining.put(program.qualifiedName(), program);
        }
        // the two builds compile side by side: javac is single-threaded, the machine has two cores
        long t0 = System.nanoTime();
        Map<String, GeneratedProgram> oracleRemaining = new LinkedHashMap<>(remaining);
        List<Finding> oracleFindings = new ArrayList<>();
        long[] oracleTime = new long[1];
        Future<InMemoryCompiler.Loader> oracleBuild = COMPILER.submit(() -> {
            InMemoryCompiler.Loader loader = compileAll(oracleRemaining, true, Kind.GENERATOR, oracleFindings);
            oracleTime[0] = System.nanoTime() - t0;
            return loader;
        });
        List<Finding> rewriteFindings = new ArrayList<>();
        InMemoryCompiler.Loader rewritten = compileAll(remaining, false, Kind.REWRITE_COMPILE, rewriteFindings);
        TIMES[1] += System.nanoTime() - t0;
        InMemoryCompiler.Loader oracle;
        try {
            oracle = oracleBuild.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        TIMES[0] += oracleTime[0];
        findings.addAll(oracleFindings);
        for (Finding finding : rewriteFindings) {
            if (oracleRemaining.containsKey(finding.program.qualifiedName())) {
                findings.add(finding); // a rewrite failure counts only where the oracle compiled
            }
        }
        remaining.keySet().retainAll(oracleRemaining.keySet());
        long t2 = System.nanoTime();
        if (rewritten == null || oracle == null) {
            return findings;
        }
        List<String> problems = BytecodeVerifier.verify(rewritten);
        long t3 = System.nanoTime();
        TIMES[2] += t3 - t2;
        Set<String> unverified = new TreeSet<>();
        for (String problem : problems) {
            String owner = problem.substring(0, problem.indexOf(' '));
            String top = owner.contains("$") ? owner.substring(0, owner.indexOf('$')) : owner;
            GeneratedProgram program = remaining.get(top);
            if (program != null && unverified.add(top)) {
                findings.add(new Finding(program, Kind.VERIFY, problem));
            }
        }
        for (GeneratedProgram program : remaining.values()) {
            if (unverified.contains(program.qualifiedName())) {
                continue;
            }
            String mismatch = compare(program, oracle, rewritten);
            if (mismatch != null) {
                findings.add(new Finding(program, Kind.MISMATCH, mismatch));
            }
        }
        TIMES[3] += System.nanoTime() - t3;
        return findings;
    }

    /** One build of a batch: its classes, or the errors by program. */
    private static final class Build {
        final InMemoryCompiler.Loader loader;
        final Map<String, StringBuilder> errors = new LinkedHashMap<>();
        /** Whether programs were taken out of the batch without an error (ECJ's bugs). */
        boolean setAside;

        Build(InMemoryCompiler.Loader loader) {
            this.loader = loader;
        }
    }

    /**
     * Compiles the remaining programs in one compiler run (javac, or for the rewritten build under
     * {@code -Dawaitj.test.compiler=ecj} ECJ and the class-file rewrite); programs with errors are
     * reported with {@code kind}, dropped, and the rest compiled again.
     */
    private static InMemoryCompiler.Loader compileAll(Map<String, GeneratedProgram> remaining, boolean oracle,
            Kind kind, List<Finding> findings) {
        while (!remaining.isEmpty()) {
            List<JavaFileObject> sources = new ArrayList<>();
            for (GeneratedProgram program : remaining.values()) {
                sources.add(JavaFileObjects.forSourceString(program.qualifiedName(), program.source(oracle)));
            }
            Build build;
            try {
                build = !oracle && EcjBuild.selected() ? ecj(sources, remaining) : javac(sources, oracle);
            } catch (RuntimeException crash) {
                if (remaining.size() == 1) {
                    GeneratedProgram only = remaining.values().iterator().next();
                    findings.add(new Finding(only, kind, "the compiler or the rewrite threw: " + stackTrace(crash)));
                    remaining.clear();
                    return null;
                }
                return compileOneByOne(remaining, oracle, kind, findings);
            }
            if (build.loader != null) {
                return build.loader;
            }
            boolean dropped = build.setAside;
            for (Map.Entry<String, StringBuilder> error : build.errors.entrySet()) {
                GeneratedProgram program = remaining.remove(error.getKey());
                if (program != null) {
                    findings.add(new Finding(program, kind, error.getValue().toString()));
                    dropped = true;
                }
            }
            if (!dropped) {
                return compileOneByOne(remaining, oracle, kind, findings);
            }
        }
        return null;
    }

    private static Build javac(List<JavaFileObject> sources, boolean oracle) {
        Compilation compilation = oracle ? InMemoryCompiler.withoutProcessor(sources) : InMemoryCompiler.withProcessor(sources);
        Build build = new Build(null);
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            boolean ours = d.getMessage(null).contains("[Awaitj") || d.getMessage(null).contains("[AsyncRewriteFailed]");
            if (d.getKind() == Diagnostic.Kind.ERROR || ours) {
                build.errors.computeIfAbsent(sourceName(d), k -> new StringBuilder()).append(d).append('\n');
            }
        }
        if (compilation.status() == Compilation.Status.SUCCESS && build.errors.isEmpty()) {
            return new Build(new InMemoryCompiler.Loader(InMemoryCompiler.classFiles(compilation)));
        }
        return build;
    }

    /**
     * The Eclipse build. A program whose rewrite failed because ECJ's own class file does not
     * verify (ECJ 3.44 miscompiles some loops, depending on what else the batch holds) is an ECJ
     * bug, not awaitj's: it is set aside and counted, not reported.
     */
    private static Build ecj(List<JavaFileObject> sources, Map<String, GeneratedProgram> remaining) {
        EcjBuild.Result result = EcjBuild.compile(sources, List.of());
        if (result.succeeded()) {
            return new Build(result.load());
        }
        Build build = new Build(null);
        result.compileErrors.forEach((file, log) -> build.errors.computeIfAbsent(programOf(file),
                k -> new StringBuilder()).append(log));
        for (dev.awaitj.processor.classfile.Problem problem : result.problems) {
            String program = programOf(problem.sourcePath());
            if (!build.errors.containsKey(program) && ecjMiscompiled(result, program)) {
                if (remaining.remove(program) != null) {
                    ECJ_MISCOMPILED[0]++;
                    build.setAside = true;
                }
                continue;
            }
            build.errors.computeIfAbsent(program, k -> new StringBuilder()).append(problem).append('\n');
        }
        return build;
    }

    /** Whether ECJ's own class files of {@code program}, before any rewrite, fail the verifiers. */
    private static boolean ecjMiscompiled(EcjBuild.Result result, String program) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        result.compiled.forEach((name, bytes) -> {
            if (name.equals(program) || name.startsWith(program + "$")) {
                classes.put(name, bytes);
            }
        });
        return !classes.isEmpty() && !BytecodeVerifier.verify(new InMemoryCompiler.Loader(classes)).isEmpty();
    }

    /** Programs set aside because ECJ's own output did not verify. */
    private static final int[] ECJ_MISCOMPILED = new int[1];

    /** The program a source path ({@code fuzz/P1.java}) belongs to. */
    private static String programOf(String sourcePath) {
        String file = sourcePath.substring(sourcePath.lastIndexOf('/') + 1).replace(".java", "");
        return GeneratedProgram.PACKAGE + "." + file;
    }

    private static InMemoryCompiler.Loader compileOneByOne(Map<String, GeneratedProgram> remaining, boolean oracle,
            Kind kind, List<Finding> findings) {
        for (GeneratedProgram program : new ArrayList<>(remaining.values())) {
            Map<String, GeneratedProgram> one = new LinkedHashMap<>();
            one.put(program.qualifiedName(), program);
            if (compileAll(one, oracle, kind, findings) == null) {
                remaining.remove(program.qualifiedName());
            }
        }
        if (remaining.isEmpty()) {
            return null;
        }
        return compileAll(remaining, oracle, kind, findings);
    }

    private static String sourceName(Diagnostic<? extends JavaFileObject> d) {
        return d.getSource() == null ? "" : programOf(d.getSource().toUri().getPath());
    }

    /** Null if all runs agree with the oracle, else what differed. */
    static String compare(GeneratedProgram program, ClassLoader oracleLoader, ClassLoader rewrittenLoader) {
        String expected;
        try {
            expected = onRunner(() -> runOracle(load(oracleLoader, program)));
        } catch (RuntimeException e) {
            return "the oracle failed: " + stackTrace(e);
        }
        if (Boolean.getBoolean("awaitj.fuzz.verbose")) {
            System.out.println(program.className + " " + expected.substring(0, Math.min(240, expected.length())));
        }
        STATS[0]++;
        STATS[1] += expected.startsWith("threw") ? 1 : 0;
        STATS[2] += FuzzRuntime.stagesMade();
        STATS[3] += expected.length();
        STATS[4] += program.source(false).contains("AsyncStream") ? 1 : 0;
        StringBuilder differences = new StringBuilder();
        long mixSeed = program.seed * 0x9E3779B97F4A7C15L + 1;
        for (FuzzRuntime.Mode mode : FuzzRuntime.Mode.values()) {
            String actual;
            try {
                actual = onRunner(() -> runRewritten(load(rewrittenLoader, program), mode, mixSeed));
            } catch (RuntimeException e) {
                actual = "harness failure: " + stackTrace(e);
            }
            if (!expected.equals(actual)) {
                differences.append("mode ").append(mode).append(":\n  expected ").append(expected)
                        .append("\n  actual   ").append(actual).append('\n');
            }
        }
        return differences.length() == 0 ? null : differences.toString();
    }

    private static Class<?> load(ClassLoader loader, GeneratedProgram program) {
        try {
            return Class.forName(program.qualifiedName(), true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Run {
        String call() throws Exception;
    }

    /** Runs on a thread of its own with a time limit: a program that hangs is reported, not waited for. */
    private static String onRunner(Run run) {
        Future<String> result = runner.submit(run::call);
        try {
            return result.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            runner.shutdownNow();
            runner = Executors.newSingleThreadExecutor(daemon("fuzz-runner"));
            return "did not finish within " + RUN_TIMEOUT_SECONDS + " s";
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String runOracle(Class<?> program) throws Exception {
        FuzzRuntime.reset(FuzzRuntime.Mode.COMPLETED, 0, FUEL);
        String outcome;
        try {
            CompletableFuture<?> future = (CompletableFuture<?>) main(program).invoke(null);
            outcome = describe(future);
        } catch (InvocationTargetException e) {
            outcome = "threw " + describe(e.getCause());
        }
        return outcome + " | " + FuzzRuntime.trace();
    }

    static String runRewritten(Class<?> program, FuzzRuntime.Mode mode, long mixSeed) throws Exception {
        FuzzRuntime.reset(mode, mixSeed, FUEL);
        CompletableFuture<?> future;
        try {
            future = (CompletableFuture<?>) main(program).invoke(null);
        } catch (InvocationTargetException e) {
            return "escaped to the caller: " + describe(e.getCause()) + " | " + FuzzRuntime.trace();
        }
        if (mode == FuzzRuntime.Mode.COMPLETED && !future.isDone()) {
            return "suspended although every stage was complete | " + FuzzRuntime.trace();
        }
        Runnable next = FuzzRuntime.nextPending();
        if (next != null && future.isDone()) {
            return "finished before the stage it awaits completed | " + FuzzRuntime.trace();
        }
        int completions = 0;
        while (next != null) {
            COMPLETER.submit(next).get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (++completions > FuzzRuntime.MAX_STEPS) {
                return "never finishes | " + FuzzRuntime.trace();
            }
            next = FuzzRuntime.nextPending();
        }
        if (!future.isDone()) {
            return "never completed: a resumption was lost | " + FuzzRuntime.trace();
        }
        return describe(future) + " | " + FuzzRuntime.trace();
    }

    private static Method main(Class<?> program) throws NoSuchMethodException {
        Method main = program.getDeclaredMethod("main");
        main.setAccessible(true);
        return main;
    }

    private static String describe(CompletableFuture<?> future) {
        try {
            return "= " + future.getNow(null);
        } catch (CancellationException e) {
            return "cancelled";
        } catch (java.util.concurrent.CompletionException e) {
            return "threw " + describe(e.getCause());
        }
    }

    private static String describe(Throwable thrown) {
        return thrown.getClass().getName() + ": " + thrown.getMessage()
                + (thrown.getSuppressed().length > 0 ? " +" + thrown.getSuppressed().length + " suppressed" : "");
    }

    static String stackTrace(Throwable thrown) {
        java.io.StringWriter out = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
