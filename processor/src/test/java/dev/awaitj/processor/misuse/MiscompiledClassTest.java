package dev.awaitj.processor.misuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.processor.verify.InMemoryCompiler;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Found by the fuzzer (seed 5969 of the first 10,000-program run): javac 17.0.15 and 25.0.3 write
 * invalid bytecode (opcode 255 after a lookupswitch) for a do-while condition that ANDs boolean
 * switch expressions whose arms are all constants; for a smaller method javac crashes instead.
 * That is javac's bug, but the processor then meets a class file ASM cannot read.
 */
class MiscompiledClassTest {
    private static final String SOURCE = """
            package m;

            import static dev.awaitj.Await.await;

            import dev.awaitj.annotation.Async;
            import java.util.concurrent.CompletableFuture;

            public class Miscompiled {
                static int idx(int a, int b) {
                    return Math.floorMod(a, b);
                }

                @Async
                static CompletableFuture<Integer> f(int depth) {
                    String s0 = "s" + depth;
                    int w = 0;
                    do {
                        depth += await(CompletableFuture.completedFuture(1));
                    } while (w++ < 2 && ((switch (idx(depth, 3)) { case 0 -> false; case 1 -> false; default -> false; })
                            && (switch (idx(depth, 3)) { case 0 -> true; case 1 -> true; default -> false; })));
                    return CompletableFuture.completedFuture(depth + s0.length());
                }
            }
            """;

    // Was @Disabled as an awaitj bug; fixed: ClassRewriter reports an unreadable class file as a problem.
    @Test
    void aClassFileJavacMiscompiledIsAClearErrorWithoutStackTrace() {
        Compilation compilation = InMemoryCompiler.withProcessor(
                List.of(JavaFileObjects.forSourceString("m.Miscompiled", SOURCE)));
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        List<Diagnostic<? extends JavaFileObject>> errors = List.copyOf(compilation.errors());
        assertEquals(1, errors.size(), errors.toString());
        String message = errors.get(0).getMessage(null);
        assertFalse(message.contains("[AwaitjInternalError]"), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        assertTrue(message.contains("Miscompiled"), message);
    }
}
