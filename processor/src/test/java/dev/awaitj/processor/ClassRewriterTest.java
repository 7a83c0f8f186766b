package dev.awaitj.processor;

import dev.awaitj.processor.verify.InMemoryCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.rewrite.ClassRewriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The class rewriter on its own: idempotent, and explicit about what it cannot do. */
class ClassRewriterTest {
    @Test
    void rewritingARewrittenClassChangesNothing() throws Exception {
        InMemoryCompiler.Loader loader = (InMemoryCompiler.Loader) Programs.load("t.Twice", """
                package t;

                import static dev.awaitj.Await.await;
                import dev.awaitj.annotation.Async;
                import java.util.concurrent.*;
                import java.util.function.*;

                public class Twice {
                    @Async static CompletableFuture<String> run(CompletableFuture<String> f) {
                        Supplier<CompletableFuture<String>> lambda = () -> CompletableFuture.completedFuture(await(f));
                        return CompletableFuture.completedFuture(await(f) + await(lambda.get()));
                    }
                }
                """);
        byte[] rewritten = loader.classes().get("t.Twice");
        ClassRewriter.Result again = ClassRewriter.rewrite(rewritten, new ReflectionTypeHierarchy(loader));
        assertTrue(again.problems.isEmpty(), again.problems.toString());
        assertNull(again.bytes, "nothing left to rewrite");
        assertTrue(again.rewritten.isEmpty());
    }

    @Test
    void aClassWithoutAsyncCodeIsLeftAlone() {
        InMemoryCompiler.Loader loader = (InMemoryCompiler.Loader) Programs.load("t.Plain", """
                package t;
                public class Plain { String hi() { return "hi"; } }
                """);
        ClassRewriter.Result result = ClassRewriter.rewrite(loader.classes().get("t.Plain"), new ReflectionTypeHierarchy(loader));
        assertNull(result.bytes);
        assertTrue(result.problems.isEmpty());
    }

    @Test
    void awaitInAMethodThatIsNotAsyncIsAProblemNotASilentSkip() {
        Map<String, byte[]> classes = Programs.classFiles(com.google.testing.compile.Compiler.javac()
                .withOptions("-proc:none", "-Xplugin:awaitj-processing-check off")
                .compile(com.google.testing.compile.JavaFileObjects.forSourceString("t.Unchecked", """
                        package t;
                        import static dev.awaitj.Await.await;
                        import java.util.concurrent.*;
                        public class Unchecked {
                            static String plain(CompletableFuture<String> f) { return await(f); }
                        }
                        """)));
        ClassRewriter.Result result = ClassRewriter.rewrite(classes.get("t.Unchecked"),
                new ReflectionTypeHierarchy(getClass().getClassLoader()));
        assertNull(result.bytes);
        assertEquals(1, result.problems.size());
        assertEquals("t.Unchecked.plain(java.util.concurrent.CompletableFuture): await() outside an @Async method",
                result.problems.get(0).toString());
    }
}
