package dev.awaitj.benchmarks.w5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: javac's time on a generated project ({@link GeneratedProject}) with and without the awaitj
 * processor, in-process through {@code javax.tools} like Maven's compiler plugin, after warm-up.
 *
 * <ul>
 *   <li>{@code withoutProcessor}: {@code -proc:none}.</li>
 *   <li>{@code withNoOpProcessor}: a processor that does nothing for {@code "*"}: what javac's
 *       annotation processing costs by itself, whatever the processor.</li>
 *   <li>{@code withProcessorPath}: {@code -processorpath awaitj-processor.jar}, as a build does it:
 *       javac loads the processor (and its shaded ASM) in a new class loader for each compilation.</li>
 *   <li>{@code withWarmProcessor}: the same processor classes every time (one class loader for the
 *       whole run), so its code is JIT-compiled: what the processor's work itself costs.</li>
 *   <li>{@code javacCommand} and {@code javacCommandWithProcessorPath}: the {@code javac} command
 *       of the running JDK, a new process for each compilation, so javac is as cold as the
 *       processor, as in a build that forks javac (or runs it once per module). Their CPU time is
 *       the child process's: the {@code childCpuMillis} counter (the profiler's {@code cpu.time}
 *       counts this JVM only).</li>
 * </ul>
 *
 * {@code asyncEvery}: 1 = every class has two {@code @Async} methods; 3 = every third class does,
 * the others use CompletableFuture chains (the source checks still scan them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CompileTimeBenchmark {
    @Param({"300"})
    public int classes;

    @Param({"1", "3"})
    public int asyncEvery;

    private Path workDir;
    private List<Path> sources;
    private Path output;
    private Path processorJar;
    private String classPath;
    private URLClassLoader warmLoader;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        workDir = Files.createTempDirectory("awaitj-w5-");
        sources = GeneratedProject.write(workDir.resolve("src"), classes, asyncEvery);
        output = Files.createDirectories(workDir.resolve("classes"));
        processorJar = workDir.resolve("awaitj-processor.jar");
        try (InputStream jar = CompileTimeBenchmark.class.getResourceAsStream("awaitj-processor.jar")) {
            if (jar == null) {
                throw new IllegalStateException("awaitj-processor.jar is not in the benchmarks jar;"
                        + " build with: mvn -pl benchmarks -am package");
            }
            Files.copy(jar, processorJar, StandardCopyOption.REPLACE_EXISTING);
        }
        classPath = System.getProperty("java.class.path"); // holds awaitj's annotations and runtime
        warmLoader = new URLClassLoader(new URL[] {processorJar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        warmLoader.close();
        try (Stream<Path> all = Files.walk(workDir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public int withoutProcessor() {
        return compile(List.of("-proc:none"), null);
    }

    @Benchmark
    public int withNoOpProcessor() {
        return compile(List.of(), new NoOpProcessor());
    }

    /** Claims nothing, does nothing, runs on every round like awaitj's processor. */
    @javax.annotation.processing.SupportedAnnotationTypes("*")
    public static final class NoOpProcessor extends javax.annotation.processing.AbstractProcessor {
        @Override
        public javax.lang.model.SourceVersion getSupportedSourceVersion() {
            return javax.lang.model.SourceVersion.latestSupported();
        }

        @Override
        public boolean process(java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
                javax.annotation.processing.RoundEnvironment round) {
            return false;
        }
    }

    @Benchmark
    public int withProcessorPath() {
        return compile(List.of("-processorpath", processorJar.toString()), null);
    }

    @Benchmark
    public int withWarmProcessor() throws ReflectiveOperationException {
        Processor processor = (Processor) warmLoader.loadClass("dev.awaitj.processor.AsyncProcessor")
                .getConstructor().newInstance();
        return compile(List.of(), processor);
    }

    @Benchmark
    public int javacCommand(ChildCpu cpu) throws IOException, InterruptedException {
        return javacProcess(List.of("-proc:none"), cpu);
    }

    @Benchmark
    public int javacCommandWithProcessorPath(ChildCpu cpu) throws IOException, InterruptedException {
        return javacProcess(List.of("-processorpath", processorJar.toString()), cpu);
    }

    /** CPU time of the javac processes a benchmark ran (user + system, from /proc on Linux). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ChildCpu {
        public double childCpuMillis;

        /** CPU time of this JVM's finished, reaped children so far, in ms; -1 if unknown. */
        static double reapedChildren() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after "pid (comm) ": state is field 3, cutime and cstime are fields 16 and 17
                long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
                return ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
            } catch (IOException | RuntimeException notLinux) {
                return -1;
            }
        }
    }

    int javacProcess(List<String> extraOptions, ChildCpu cpu) throws IOException, InterruptedException {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        List<String> command = new ArrayList<>(List.of(javac.toString(), "-d", output.toString(),
                "-cp", classPath, "-implicit:none", "-nowarn", "-encoding", "UTF-8"));
        command.addAll(extraOptions);
        for (Path source : sources) {
            command.add(source.toString());
        }
        Path log = workDir.resolve("javac.log");
        double before = ChildCpu.reapedChildren();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        double after = ChildCpu.reapedChildren();
        if (exit != 0) {
            throw new IllegalStateException("W5 javac failed (" + exit + "): " + Files.readString(log));
        }
        if (before >= 0 && after >= 0) {
            cpu.childCpuMillis += after - before;
        }
        return sources.size();
    }

    /** Compiles the project; returns the number of class files (and fails on any error). */
    int compile(List<String> extraOptions, Processor processor) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("-d", output.toString(), "-cp", classPath,
                    "-implicit:none", "-nowarn"));
            options.addAll(extraOptions);
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources));
            if (processor != null) {
                task.setProcessors(List.of(processor));
            }
            boolean ok = task.call();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    throw new IllegalStateException("W5 compile error: " + d);
                }
            }
            if (!ok) {
                throw new IllegalStateException("W5 compilation failed: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources.size();
    }
}
