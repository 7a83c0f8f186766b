package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.processor.BuildToolJavac.FileManagerKind;
import dev.awaitj.processor.BuildToolJavac.Result;
import dev.awaitj.processor.verify.InMemoryCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IntelliJ IDEA's own builder (JPS), reproduced from its source: the environment handed to the
 * processor is a Proxy made by {@code org.jetbrains.jps.javac.APIWrappers} (here a stand-in with
 * that name and shape, in a class loader of its own, so the processor can find it only through
 * the wrapper), and class outputs stay in JPS's file objects until the build ends.
 */
class IntellijBuilderTest {
    static final String NAME = "t.Ide";
    static final String SOURCE = """
            package t;

            import static dev.awaitj.Await.await;

            import dev.awaitj.annotation.Async;
            import dev.awaitj.testing.Stages;
            import java.util.concurrent.CompletableFuture;

            public class Ide {
                @Async public static CompletableFuture<String> run() {
                    int a = await(Stages.value(20));
                    Runnable r = () -> { };
                    r.run();
                    int b = await(Stages.value(22));
                    return CompletableFuture.completedFuture("sum " + (a + b));
                }
            }
            """;

    private static Class<?> jpsWrappers;

    @BeforeAll
    static void defineJpsWrappers() throws IOException {
        String source;
        try (InputStream in = IntellijBuilderTest.class.getResourceAsStream("/jps/APIWrappers.java")) {
            source = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Compilation compiled = InMemoryCompiler.withoutProcessor(
                List.of(JavaFileObjects.forSourceString("org.jetbrains.jps.javac.APIWrappers", source)));
        assertEquals(Compilation.Status.SUCCESS, compiled.status(), compiled.diagnostics().toString());
        try {
            jpsWrappers = new InMemoryCompiler.Loader(InMemoryCompiler.classFiles(compiled))
                    .loadClass("org.jetbrains.jps.javac.APIWrappers");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    static ProcessingEnvironment wrapLikeJps(ProcessingEnvironment env) {
        try {
            return (ProcessingEnvironment) jpsWrappers.getMethod("wrapEnvironment", ProcessingEnvironment.class)
                    .invoke(null, env);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> createdThroughJpsFiler() throws ReflectiveOperationException {
        return List.copyOf((List<String>) jpsWrappers.getField("CREATED").get(null));
    }

    @Test
    void theProxyIsUnwrappedAndTheRewrittenClassGoesThroughTheWrappedFiler(@TempDir Path out) throws Exception {
        assertFalse(AsyncProcessor.class.getClassLoader() == jpsWrappers.getClassLoader());
        int before = createdThroughJpsFiler().size();
        Result result = BuildToolJavac.compile(out, List.of(), new WrappingProcessor(IntellijBuilderTest::wrapLikeJps),
                FileManagerKind.STANDARD, NAME, SOURCE);
        assertTrue(result.success(), result.text());
        assertEquals(List.of(), result.diagnostics());
        List<String> created = createdThroughJpsFiler();
        assertEquals(List.of("t/Ide.class <- [t.Ide]"), created.subList(before, created.size()),
                "the rewritten class is written through the IDE's Filer, with its originating class");
        AsyncRun.assertOutcome(BuildToolJavac.load(out).loadClass(NAME), "run", "sum 42");
    }

    @Test
    void outputsKeptInMemoryUntilTheBuildEndsAreRefusedRatherThanAStaleClassRewritten(@TempDir Path root)
            throws Exception {
        Path out = root.resolve("fresh");
        for (FileManagerKind kind : List.of(FileManagerKind.IN_MEMORY_UNTIL_CLOSE, FileManagerKind.NEVER_ON_DISK)) {
            out = root.resolve(kind.name());
            Files.createDirectories(out);
            Result fresh = BuildToolJavac.compile(out, List.of(), new WrappingProcessor(IntellijBuilderTest::wrapLikeJps),
                    kind, NAME, SOURCE);
            assertFalse(fresh.success(), kind + ": " + fresh.text());
            assertTrue(fresh.text().contains("[AsyncRewriteFailed] awaitj cannot rewrite t.Ide: the class file javac"
                    + " has just written is not readable through the Filer: " + out.resolve("t/Ide.class")
                    + " does not exist"), kind + ": " + fresh.text());
            assertTrue(fresh.text().contains("Delegate IDE build/run actions to Maven"), fresh.text());
        }
        // A class file left by an earlier build is not what javac has just compiled.
        out = root.resolve("stale");
        Path stale = out.resolve("t/Ide.class");
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
        Result overStale = BuildToolJavac.compile(out, List.of(), new WrappingProcessor(IntellijBuilderTest::wrapLikeJps),
                FileManagerKind.NEVER_ON_DISK, NAME, SOURCE);
        assertFalse(overStale.success(), overStale.text());
        assertTrue(overStale.text().contains(stale + " is older than this compilation"), overStale.text());
    }

    @Test
    void anEnvironmentThatCannotBeUnwrappedNamesItsWrapperAndTheWayOut(@TempDir Path out) throws Exception {
        Result result = BuildToolJavac.compile(out, List.of(), new WrappingProcessor(IntellijBuilderTest::opaqueProxy),
                FileManagerKind.STANDARD, NAME, SOURCE);
        assertFalse(result.success(), result.text());
        String text = result.text();
        assertTrue(text.contains("ERROR: [AwaitjUnsupportedCompiler] awaitj needs javac's task API"), text);
        assertTrue(text.contains("whose handler is " + OpaqueHandler.class.getName()), text);
        assertTrue(text.contains("no org.jetbrains.jps.javac.APIWrappers is visible from the wrapper's class loader"),
                text);
        assertFalse(text.contains("jps.track.ap.dependencies"), text); // turning JPS's wrapper off does not bring the outputs to disk
        assertTrue(text.contains("delegate the build to Maven or Gradle"), text);
    }

    static ProcessingEnvironment opaqueProxy(ProcessingEnvironment env) {
        return (ProcessingEnvironment) Proxy.newProxyInstance(IntellijBuilderTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, new OpaqueHandler(env));
    }

    /** A wrapper with no published way to unwrap it. */
    static final class OpaqueHandler implements InvocationHandler {
        private final ProcessingEnvironment env;

        OpaqueHandler(ProcessingEnvironment env) {
            this.env = env;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(env, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
