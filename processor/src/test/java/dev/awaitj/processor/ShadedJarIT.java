package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published processor jar on its own: ASM is inside it, relocated, so {@code -processorpath
 * awaitj-processor.jar} is all javac needs, and another ASM on the processor path cannot clash.
 */
class ShadedJarIT {
    @TempDir
    Path dir;

    private static Path jar() {
        String path = System.getProperty("awaitj.processor.jar");
        assertTrue(path != null && Files.exists(Path.of(path)), "the packaged processor jar: " + path);
        return Path.of(path);
    }

    @Test
    void asmIsRelocatedInsideTheJar() throws Exception {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("dev/awaitj/processor/internal/asm/ClassReader")));
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/objectweb/asm/")));
            assertTrue(jar.getEntry("META-INF/services/javax.annotation.processing.Processor") != null);
        }
    }

    @Test
    void theJarAloneIsAProcessorPath() throws Exception {
        Path source = dir.resolve("src/demo/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, JavacCommandLineTest.HELLO);
        Path out = dir.resolve("out");
        JavacCommandLineTest.Result javac = JavacCommandLineTest.run(dir, JavacCommandLineTest.tool("javac"),
                "-d", out.toString(), "-cp", JavacCommandLineTest.userClassPath(),
                "-processorpath", jar().toString(), source.toString());
        assertEquals(0, javac.exit, javac.output);
        JavacCommandLineTest.Result java = JavacCommandLineTest.run(dir, JavacCommandLineTest.tool("java"),
                "-cp", out + File.pathSeparator + JavacCommandLineTest.userClassPath(), "demo.Hello");
        assertEquals("suspended: true\nHello, javac\n", java.output.replace("\r", ""));
    }
}
