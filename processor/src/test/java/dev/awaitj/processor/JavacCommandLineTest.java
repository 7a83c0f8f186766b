package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor from the plain {@code javac} command line with {@code -processorpath}, as a user
 * without a build tool runs it, and the program run by a separate {@code java}.
 */
class JavacCommandLineTest {
    @TempDir
    Path dir;

    /** The processor's classes and ASM: what a -processorpath needs (the shaded jar is tested in ShadedJarIT). */
    static String processorPath() {
        return String.join(File.pathSeparator, locationOf(AsyncProcessor.class),
                locationOf(org.objectweb.asm.ClassVisitor.class),
                locationOf(org.objectweb.asm.tree.ClassNode.class),
                locationOf(org.objectweb.asm.tree.analysis.Analyzer.class));
    }

    /** The annotations and the runtime: what user code compiles and runs against. */
    static String userClassPath() {
        return String.join(File.pathSeparator, locationOf(dev.awaitj.annotation.Async.class),
                locationOf(dev.awaitj.Await.class));
    }

    static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Result {
        final int exit;
        final String output;

        Result(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        return new Result(process.exitValue(), output);
    }

    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private Path write(String relative, String source) throws IOException {
        Path file = dir.resolve("src").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return file;
    }

    static final String HELLO = """
            package demo;

            import static dev.awaitj.Await.await;

            import dev.awaitj.annotation.Async;
            import java.util.concurrent.CompletableFuture;
            
            public class Hello {
                @Async
                static CompletableFuture<String> greet(CompletableFuture<String> word, String name) {
                    String hello = await(word);
                    return CompletableFuture.completedFuture(hello + ", " + name);
                }

                public static void main(String[] args) {
                    CompletableFuture<String> word = new CompletableFuture<>();
                    CompletableFuture<String> greeting = greet(word, "javac");
                    System.out.println("suspended: " + !greeting.isDone());
                    word.completeAsync(() -> "Hello");
                    System.out.println(greeting.join());
                }
            }
            """;

    @Test
    void compilesWithProcessorPathAndRuns() throws Exception {
        Path source = write("demo/Hello.java", HELLO);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-d", out.toString(), "-cp", userClassPath(),
                "-processorpath", processorPath(), source.toString());
        assertEquals(0, javac.exit, javac.output);
        Result java = run(dir, tool("java"), "-cp", out + File.pathSeparator + userClassPath(), "demo.Hello");
        assertEquals(0, java.exit, java.output);
        assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""));
    }

    /** {@code javac Foo.java} without {@code -d}: javac writes next to the source, and so does the rewrite. */
    @Test
    void withoutDashDTheClassFilesNextToTheSourcesAreRewritten() throws Exception {
        Path source = write("demo/Hello.java", HELLO.replace("public class Hello {", """
                public class Hello {
                    static class Nested {
                        @Async
                        static CompletableFuture<String> shout(CompletableFuture<String> word) {
                            return CompletableFuture.completedFuture(await(word).toUpperCase());
                        }
                    }
                """).replace("System.out.println(greeting.join());",
                "System.out.println(greeting.join() + \" \" + Nested.shout(CompletableFuture.supplyAsync(() -> \"!\")).join());"));
        Result javac = run(dir, tool("javac"), "-cp", userClassPath(), "-processorpath", processorPath(),
                dir.relativize(source).toString());
        assertEquals(0, javac.exit, javac.output);
        assertEquals("", javac.output, "no error, no warning");
        assertTrue(Files.exists(dir.resolve("src/demo/Hello.class")) && Files.exists(dir.resolve("src/demo/Hello$Nested.class")));
        assertFalse(Files.exists(dir.resolve("demo")), "nothing written to the current directory");
        Result java = run(dir, tool("java"), "-cp", dir.resolve("src") + File.pathSeparator + userClassPath(), "demo.Hello");
        assertEquals(0, java.exit, java.output);
        assertEquals("suspended: true\nHello, javac !\n", java.output.replace("\r", ""),
                "rewritten: without the rewrite the first await throws");
    }

    @Test
    void classPathDiscoveryWithProcFullOnNewerJdks() throws Exception {
        if (Runtime.version().feature() < 21) {
            return; // -proc:full exists from JDK 21; before 23 class-path discovery is the default anyway
        }
        Path source = write("demo/Hello.java", HELLO);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-proc:full", "-d", out.toString(),
                "-cp", userClassPath() + File.pathSeparator + processorPath(), source.toString());
        assertEquals(0, javac.exit, javac.output);
        Result java = run(dir, tool("java"), "-cp", out + File.pathSeparator + userClassPath(), "demo.Hello");
        assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""));
    }

    /**
     * The processor only on the class path (Maven's {@code <dependencies>}): JDK 17 to 22 run it;
     * JDK 23 and later do not, and the build fails at the first await instead of the program.
     */
    @Test
    void aProcessorOnlyOnTheClassPathIsABuildErrorWhereJavacSkipsIt() throws Exception {
        Path source = write("demo/Hello.java", HELLO);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-d", out.toString(),
                "-cp", userClassPath() + File.pathSeparator + processorPath(), source.toString());
        if (Runtime.version().feature() < 23) {
            assertEquals(0, javac.exit, "JDK 17-22 run class-path processors:\n" + javac.output);
            Result java = run(dir, tool("java"), "-cp", out + File.pathSeparator + userClassPath(), "demo.Hello");
            assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""));
        } else {
            assertNotEquals(0, javac.exit, javac.output);
            assertTrue(javac.output.contains("Hello.java:11: error: [AwaitjNotProcessed] this code calls await(), but javac (JDK "
                    + Runtime.version().feature() + ") ran no annotation processor"), javac.output);
            assertTrue(javac.output.contains("<annotationProcessorPaths>, not <dependencies>"), javac.output);
            assertEquals(1, javac.output.split("error:", -1).length - 1, "one error per compilation:\n" + javac.output);
        }
        Result none = run(dir, tool("javac"), "-proc:none", "-d", out.toString(), "-cp", userClassPath(),
                "-processorpath", processorPath(), source.toString());
        assertNotEquals(0, none.exit, none.output);
        assertTrue(none.output.contains("Hello.java:11: error: [AwaitjNotProcessed]") && none.output.contains("-proc:none"),
                none.output);
    }

    @Test
    void aNamedModuleCompilesOnTheModulePathAndRuns() throws Exception {
        write("module-info.java", """
                module demo {
                    requires static dev.awaitj.annotations;
                    requires dev.awaitj.runtime;
                }
                """);
        Path source = write("demo/Hello.java", HELLO);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-d", out.toString(), "--module-path", userClassPath(),
                "-processorpath", processorPath(), dir.resolve("src/module-info.java").toString(), source.toString());
        assertEquals(0, javac.exit, javac.output);
        Result java = run(dir, tool("java"), "--module-path", out + File.pathSeparator + locationOf(dev.awaitj.Await.class),
                "-m", "demo/demo.Hello");
        assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""), java.output);
    }

    @Test
    void withoutDebugInformation() throws Exception {
        Path source = write("demo/Hello.java", HELLO);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-g:none", "-parameters", "-d", out.toString(), "-cp", userClassPath(),
                "-processorpath", processorPath(), source.toString());
        assertEquals(0, javac.exit, javac.output);
        Result java = run(dir, tool("java"), "-cp", out + File.pathSeparator + userClassPath(), "demo.Hello");
        assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""));
    }

    @Test
    void misuseFailsTheBuildAtTheOffendingLine() throws Exception {
        Path source = write("demo/Bad.java", """
                package demo;

                import static dev.awaitj.Await.await;
                import java.util.concurrent.CompletableFuture;

                public class Bad {
                    static String blocking(CompletableFuture<String> f) {
                        return await(f);
                    }
                }
                """);
        Result javac = run(dir, tool("javac"), "-d", dir.resolve("out").toString(), "-cp", userClassPath(),
                "-processorpath", processorPath(), source.toString());
        assertNotEquals(0, javac.exit);
        assertTrue(javac.output.contains("Bad.java:8: error: [AwaitOutsideAsync]"), javac.output);
    }

    @Test
    void aMethodTheRewriteCannotHandleFailsTheBuildAndLeavesNoClassFile() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            body.append("        total += await(f);\n");
        }
        Path source = write("demo/Huge.java", """
                package demo;

                import static dev.awaitj.Await.await;
                import dev.awaitj.annotation.Async;
                import java.util.concurrent.CompletableFuture;

                public class Huge {
                    @Async
                    static CompletableFuture<Integer> sum(CompletableFuture<Integer> f) {
                        int total = 0;
                """ + body + """
                        return CompletableFuture.completedFuture(total);
                    }
                }
                """);
        Path out = dir.resolve("out");
        Result javac = run(dir, tool("javac"), "-d", out.toString(), "-cp", userClassPath(),
                "-processorpath", processorPath(), source.toString());
        assertNotEquals(0, javac.exit, javac.output);
        assertTrue(javac.output.contains("Huge.java:9: error: [AsyncRewriteFailed] awaitj cannot rewrite demo.Huge.sum("),
                "reported at the method's line:\n" + javac.output);
        assertTrue(javac.output.contains("split it into smaller @Async methods"), javac.output);
        assertFalse(javac.output.contains("\tat "), "no stack trace:\n" + javac.output);
        assertFalse(Files.exists(out.resolve("demo/Huge.class")), "the unrewritten class file must not stay");
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
