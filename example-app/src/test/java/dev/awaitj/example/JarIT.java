package dev.awaitj.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run the way the README says: {@code java -jar awaitj-example.jar}, on the JDK
 * running the tests. Runs in the integration-test phase, after the shade plugin built the jar.
 */
class JarIT {

    record Run(int status, String out, String err) {
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("awaitj.example.jar", "target/awaitj-example.jar"));
        assertTrue(Files.isRegularFile(jar), "no jar at " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("awaitj-example", ".out");
        Path err = Files.createTempFile("awaitj-example", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 60 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").startsWith("Windows");
    }

    @Test
    void withoutArgumentsScrapesTheDemoSiteAtLeastFiveTimesFasterThanSequentially() throws Exception {
        Run run = java();
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("STATUS"), run.out());
        assertTrue(run.out().contains("  pages       50 (43 HTML, 1 redirect, 1 not HTML)"), run.out());
        Matcher speedUp = Pattern.compile("speed-up +(\\d+\\.\\d)x").matcher(run.out());
        assertTrue(speedUp.find(), run.out());
        assertTrue(Double.parseDouble(speedUp.group(1)) >= 5, run.out());
    }

    @Test
    void helloSaysHelloThenWorld() throws Exception {
        Run run = java("hello");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("Hello", "World"), run.out().lines().toList());
    }

    @Test
    void helpExitsZero() throws Exception {
        Run run = java("--help");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Usage: awaitj-example"), run.out());
    }
}
