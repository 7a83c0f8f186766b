package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.classfile.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line the Gradle task of the README runs on Eclipse's output folder ({@code bin/main},
 * Buildship's default) after each auto-build: {@code Main --classpath <runtime class path> <folder>}.
 * Gradle itself cannot be downloaded here, so this is that invocation, not Gradle.
 */
class ClassFileMainTest {
    private static final String MISUSE = """
            package t;

            import static dev.awaitj.Await.await;

            import java.util.concurrent.CompletableFuture;
            import java.util.function.Supplier;

            public class Misuse {
                static String blocking(CompletableFuture<String> f) {
                    Supplier<String> s = () -> await(f);
                    return s.get();
                }
            }
            """;

    @Test
    void rewritesEclipsesOutputFolderOnceAndThenLeavesItAlone(@TempDir Path project) throws Exception {
        Path bin = compileWithEcj(project, "t/Ide.java", IntellijBuilderTest.SOURCE);
        String[] args = {"--classpath", System.getProperty("java.class.path"), bin.toString()};
        Run first = run(args);
        assertEquals(0, first.status, first.err);
        assertEquals("awaitj: 1 of 1 class files rewritten, 0 already rewritten in " + bin, first.out.trim());
        AsyncRun.assertOutcome(BuildToolJavac.load(bin).loadClass(IntellijBuilderTest.NAME), "run", "sum 42");

        Run second = run(args);
        assertEquals(0, second.status, second.err);
        assertEquals("awaitj: 0 of 1 class files rewritten, 1 already rewritten in " + bin, second.out.trim());
    }

    @Test
    void misuseIsReportedAsJavacWouldAndFailsTheTask(@TempDir Path project) throws Exception {
        Path bin = compileWithEcj(project, "t/Misuse.java", MISUSE);
        Run run = run(new String[] {"-cp", System.getProperty("java.class.path"), bin.toString()});
        assertEquals(1, run.status);
        assertTrue(run.err.startsWith("t/Misuse.java:10: error: [AwaitInLambda]"), run.err);
    }

    @Test
    void wrongArgumentsAreAUsageError() throws Exception {
        Run run = run(new String[] {"--no-such-option"});
        assertEquals(2, run.status);
        assertTrue(run.err.contains("usage: java -cp awaitj-processor.jar"), run.err);
    }

    private static Path compileWithEcj(Path project, String path, String source) throws Exception {
        Path file = project.resolve("src/main/java").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path bin = project.resolve("bin/main");
        StringWriter log = new StringWriter();
        try (PrintWriter writer = new PrintWriter(log)) {
            assertTrue(BatchCompiler.compile(new String[] {"--release", "17", "-g", "-proc:none", "-cp",
                    System.getProperty("java.class.path"), "-d", bin.toString(), file.toString()}, writer, writer, null),
                    log.toString());
        }
        return bin;
    }

    private static final class Run {
        int status;
        String out;
        String err;
    }

    private static Run run(String[] args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Run run = new Run();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            run.status = Main.run(args, o, e);
        }
        run.out = out.toString(StandardCharsets.UTF_8);
        run.err = err.toString(StandardCharsets.UTF_8).replace(File.separatorChar, '/');
        return run;
    }
}
