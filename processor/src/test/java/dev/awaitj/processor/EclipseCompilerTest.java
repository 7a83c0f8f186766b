package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.classfile.FolderRewrite;
import dev.awaitj.processor.verify.EcjBuild;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under the Eclipse compiler's own annotation processing (ECJ's batch compiler,
 * which Eclipse's and VS Code's builds share): it finds ECJ's environment, where javac's task API
 * is missing, and says once, as a note, that the class-file rewrite does the work; no error. The
 * class files ECJ wrote then fail at the first await until the rewrite has run, and work after it.
 */
class EclipseCompilerTest {
    private static final Pattern TAG = Pattern.compile("\\[(Awaitj\\w*|Async\\w*|Await\\w*)]");

    @Test
    void theProcessorNotesOnceAndTheClassFileRewriteMakesTheProgramWork(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("src/t/Ide.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, IntellijBuilderTest.SOURCE);
        Path out = dir.resolve("classes");
        String processorPath = GradleInvocationTest.processorPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        StringWriter log = new StringWriter();
        boolean compiled;
        try (PrintWriter writer = new PrintWriter(log)) {
            compiled = BatchCompiler.compile(new String[] {"--release", "17", "-g", "-cp",
                    System.getProperty("java.class.path"), "-processorpath", processorPath, "-d", out.toString(),
                    source.toString()}, writer, writer, null);
        }
        assertTrue(compiled, log.toString());
        assertFalse(log.toString().contains("ERROR"), log.toString());
        List<String> tags = new ArrayList<>();
        Matcher tag = TAG.matcher(log.toString());
        while (tag.find()) {
            tags.add(tag.group(1));
        }
        assertEquals(List.of("AwaitjEclipseCompiler"), tags, log.toString());
        assertTrue(log.toString().contains("awaitj-maven-plugin's rewrite goal"), log.toString());

        InvocationTargetException unrewritten = assertThrows(InvocationTargetException.class,
                () -> BuildToolJavac.load(out).loadClass(IntellijBuilderTest.NAME).getMethod("run").invoke(null));
        assertTrue(String.valueOf(unrewritten.getCause().getMessage()).contains("without the awaitj rewrite"),
                String.valueOf(unrewritten.getCause()));

        FolderRewrite.Summary summary = FolderRewrite.run(out, EcjBuild.testClassPath(), false);
        assertEquals(List.of(), summary.problems());
        assertEquals(1, summary.rewritten(), summary.toString());
        AsyncRun.assertOutcome(BuildToolJavac.load(out).loadClass(IntellijBuilderTest.NAME), "run", "sum 42");

        FolderRewrite.Summary again = FolderRewrite.run(out, EcjBuild.testClassPath(), false);
        assertEquals(0, again.rewritten(), "a rewritten class is left alone: " + again);
        assertEquals(1, again.alreadyRewritten(), again.toString());
    }
}
