package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.BuildToolJavac.FileManagerKind;
import dev.awaitj.processor.BuildToolJavac.Result;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradle's compile, reproduced from gradle/gradle's {@code AnnotationProcessingCompileTask}: Gradle
 * (7 to 9) loads the processors itself, from a URLClassLoader over the annotation processor path
 * whose parent is a filter that shows the JDK (and javac's packages), decorates them, hands them with
 * {@code setProcessors}, and still passes {@code -processorpath}. A processor that declares no
 * incremental type gets javac's own environment (Gradle's {@code NonIncrementalProcessor} does
 * not wrap it). Gradle itself cannot be downloaded here, so this is the invocation, not Gradle.
 */
class GradleInvocationTest {
    @Test
    void aProcessorLoadedFromItsOwnPathAndGivenWithSetProcessorsRewrites(@TempDir Path out) throws Exception {
        List<Path> processorPath = processorPath();
        URL[] urls = new URL[processorPath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = processorPath.get(i).toUri().toURL();
        }
        try (URLClassLoader processorLoader = new URLClassLoader(urls, new JdkOnlyLoader())) {
            Class<?> processorClass = processorLoader.loadClass(AsyncProcessor.class.getName());
            assertNotSame(AsyncProcessor.class, processorClass, "the processor comes from its own loader");
            // Gradle decorates it twice (NonIncrementalProcessor, TimeTrackingProcessor); both pass
            // javac's environment through unchanged.
            Processor processor = new WrappingProcessor(new WrappingProcessor(
                    (Processor) processorClass.getConstructor().newInstance(), env -> env), env -> env);
            String path = processorPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            Result result = BuildToolJavac.compile(out, List.of("-processorpath", path), processor,
                    FileManagerKind.STANDARD, IntellijBuilderTest.NAME, IntellijBuilderTest.SOURCE);
            assertTrue(result.success(), result.text());
            assertEquals(List.of(), result.diagnostics());
        }
        AsyncRun.assertOutcome(BuildToolJavac.load(out).loadClass(IntellijBuilderTest.NAME), "run", "sum 42");
    }

    /** The processor's classes and its ASM jars, as Gradle's annotationProcessor configuration holds them. */
    static List<Path> processorPath() throws URISyntaxException {
        Set<Path> path = new LinkedHashSet<>();
        for (Class<?> c : List.of(AsyncProcessor.class, org.objectweb.asm.ClassReader.class,
                org.objectweb.asm.tree.ClassNode.class, org.objectweb.asm.tree.analysis.Analyzer.class)) {
            path.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return new ArrayList<>(path);
    }

    /**
     * The parent Gradle gives a processor loader: the JDK's classes (javac's task API included)
     * and nothing of the build's own class path.
     */
    private static final class JdkOnlyLoader extends ClassLoader {
        JdkOnlyLoader() {
            super(null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("com.sun.source.")
                    || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("com.sun.")) {
                return ClassLoader.getSystemClassLoader().loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
