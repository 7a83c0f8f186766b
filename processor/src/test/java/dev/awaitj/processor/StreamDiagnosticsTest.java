package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misusing a stream's emit is a compile error at the line, through the await checks the producer
 * lambda already gets (issue 14: a producer is an async lambda, and {@code await(out.emit(x))} an
 * ordinary await): in a plain lambda, in {@code synchronized}, outside any async code. A line
 * marked {@code // error: [Tag]} must get exactly that diagnostic and no other line any.
 */
class StreamDiagnosticsTest {
    private static final Pattern MARKER = Pattern.compile("// error: \\[(\\w+)]");
    private static final Pattern TAG = Pattern.compile("^\\[(\\w+)] ");

    private static final String HEADER = """
            package t;

            import static dev.awaitj.Await.await;

            import dev.awaitj.stream.AsyncStream;
            import dev.awaitj.stream.Emitter;
            import java.util.List;
            import java.util.concurrent.*;

            """;

    private static void check(String body) {
        String source = HEADER + body;
        Compilation compilation = Programs.compile("t.Streams", source);
        TreeSet<String> expected = new TreeSet<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (marker.find()) {
                expected.add((i + 1) + " " + marker.group(1));
            }
        }
        TreeSet<String> actual = new TreeSet<>();
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String message = d.getMessage(Locale.ROOT);
                Matcher tag = TAG.matcher(message);
                actual.add(d.getLineNumber() + " " + (tag.find() ? tag.group(1) : "javac:" + message));
                messages.add(d.getLineNumber() + ": " + message);
            }
        }
        assertEquals(expected, actual, "diagnostics:\n" + String.join("\n", messages));
    }

    @Test
    void aCorrectProducerCompilesClean() {
        check("""
                public class Streams {
                    static AsyncStream<String> titles(List<CompletableFuture<String>> pages, Object lock) {
                        return AsyncStream.of(out -> {
                            try {
                                for (CompletableFuture<String> page : pages) {
                                    String title = await(page);
                                    synchronized (lock) {
                                        title = title.trim();
                                    }
                                    await(out.emit(title));
                                }
                            } finally {
                                System.out.println("done");
                            }
                            return AsyncStream.done();
                        });
                    }
                }
                """);
    }

    @Test
    void anEmitAwaitedInAPlainLambdaInsideAProducer() {
        check("""
                public class Streams {
                    static AsyncStream<String> each(List<String> values) {
                        return AsyncStream.of(out -> {
                            values.forEach(v -> await(out.emit(v))); // error: [AwaitInLambda]
                            return AsyncStream.done();
                        });
                    }
                }
                """);
    }

    @Test
    void anEmitAwaitedInSynchronizedInsideAProducer() {
        check("""
                public class Streams {
                    static AsyncStream<String> locked(List<String> values, Object lock) {
                        return AsyncStream.of(out -> {
                            for (String v : values) {
                                synchronized (lock) {
                                    await(out.emit(v)); // error: [AwaitInSynchronized]
                                }
                            }
                            return AsyncStream.done();
                        });
                    }
                }
                """);
    }

    @Test
    void anEmitAwaitedOutsideAnyProducer() {
        check("""
                public class Streams {
                    static void send(Emitter<String> out) {
                        await(out.emit("x")); // error: [AwaitOutsideAsync]
                    }
                }
                """);
    }
}
