package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Each source check, Error Prone style: a line marked {@code // error: [Tag]} or
 * {@code // warning: [Tag]} must get exactly that diagnostic, and no other line may get one.
 */
class DiagnosticsTest {
    private static final Pattern MARKER = Pattern.compile("// (error|warning): \\[(\\w+)]");
    private static final Pattern TAG = Pattern.compile("^\\[(\\w+)] ");

    private static final String HEADER = """
            package t;

            import static dev.awaitj.Await.await;
            import static java.util.concurrent.CompletableFuture.completedFuture;

            import dev.awaitj.Await;
            import dev.awaitj.annotation.Async;
            import java.util.concurrent.*;
            import java.util.function.*;

            """;

    /** Compiles, checks markers against diagnostics, and returns the compilation. */
    private static Compilation check(String body) {
        String source = HEADER + body;
        Compilation compilation = Programs.compile("t.Checked", source);
        TreeSet<String> expected = new TreeSet<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            while (marker.find()) {
                expected.add((i + 1) + " " + marker.group(1) + " " + marker.group(2));
            }
        }
        TreeSet<String> actual = new TreeSet<>();
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            Matcher tag = TAG.matcher(message);
            if (d.getKind() == Diagnostic.Kind.ERROR || (tag.find() && d.getKind() == Diagnostic.Kind.WARNING)) {
                tag.reset();
                String name = tag.find() ? tag.group(1) : "javac:" + message;
                actual.add(d.getLineNumber() + " " + d.getKind().toString().toLowerCase(Locale.ROOT) + " " + name);
                messages.add(d.getLineNumber() + ": " + message);
            }
        }
        assertEquals(expected, actual, "diagnostics:\n" + String.join("\n", messages));
        return compilation;
    }

    private static List<String> messagesOf(Compilation compilation, String tag) {
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (message.startsWith("[" + tag + "]")) {
                messages.add(message);
            }
        }
        return messages;
    }

    private static String messageOf(Compilation compilation, String tag) {
        for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (message.startsWith("[" + tag + "]")) {
                return message;
            }
        }
        throw new AssertionError("no " + tag);
    }

    @Test
    void awaitOutsideAnAsyncMethod() {
        Compilation c = check("""
                public class Checked {
                    static String plain(CompletableFuture<String> f) {
                        return await(f); // error: [AwaitOutsideAsync]
                    }
                    static final String FIELD = Await.await(completedFuture("x")); // error: [AwaitOutsideAsync]
                    Checked(CompletableFuture<String> f) {
                        await(f); // error: [AwaitOutsideAsync]
                    }
                    static {
                        await(completedFuture(1)); // error: [AwaitOutsideAsync]
                    }
                }
                """);
        String message = messageOf(c, "AwaitOutsideAsync");
        assertTrue(message.contains("'Checked.plain'") && message.contains("@dev.awaitj.annotation.Async"), message);
    }

    @Test
    void awaitInALambdaThatIsNotAsync() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<String> run(CompletableFuture<String> f) {
                        Supplier<String> blocking = () -> await(f); // error: [AwaitInLambda]
                        Runnable r = () -> { await(f); }; // error: [AwaitInLambda]
                        Supplier<CompletableFuture<String>> ok = () -> completedFuture(await(f));
                        Function<String, CompletionStage<String>> alsoOk = s -> completedFuture(s + await(f));
                        return completedFuture(blocking.get());
                    }
                }
                """);
        String message = messageOf(c, "AwaitInLambda");
        assertTrue(message.contains("java.lang.String") && message.contains("CompletionStage"), message);
    }

    /** The stream case: the hint names the operator's async form (forEachAsync, mapAsync). */
    @Test
    void awaitInTheFunctionOfAStreamOperatorNamesItsAsyncForm() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<Void> run(dev.awaitj.stream.AsyncStream<String> s, CompletableFuture<String> f) {
                        await(s.forEach(v -> System.out.println(v + await(f)))); // error: [AwaitInLambda]
                        await(s.map(v -> v + await(f)).toList()); // error: [AwaitInLambda]
                        await(s.filter(v -> await(f).equals(v)).count()); // error: [AwaitInLambda]
                        await(s.forEachAsync(v -> completedFuture(await(f))));
                        return completedFuture(null);
                    }
                }
                """);
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            messages.add(d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
        }
        int first = HEADER.split("\n", -1).length + 2;
        assertTrue(messages.contains(first + ": [AwaitInLambda] await() inside the function given to AsyncStream.forEach"
                + " cannot suspend: it returns void, so the stream calls it as a plain function. Use forEachAsync(v -> {"
                + " ... await(...); ... return AsyncStream.done(); }), which waits for the stage the function returns"
                + " before the next value"), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith((first + 1) + ": [AwaitInLambda] await() inside the"
                + " function given to AsyncStream.map") && m.contains("Use mapAsync(")), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith((first + 2) + ": [AwaitInLambda] await() inside the"
                + " function given to AsyncStream.filter") && m.contains("mapAsync(v -> ...) step before it")),
                String.join("\n", messages));
    }

    @Test
    void awaitInMainPointsToEventLoopRun() {
        Compilation c = check("""
                public class Checked {
                    public static void main(String[] args) {
                        System.out.println(await(completedFuture("x"))); // error: [AwaitOutsideAsync]
                    }
                }
                """);
        String message = messageOf(c, "AwaitOutsideAsync");
        assertTrue(message.contains("'Checked.main'") && message.contains("dev.awaitj.EventLoop.run(() -> run(args))")
                && message.contains("@Async static CompletableFuture<Void> run(String[] args)"), message);
    }

    @Test
    void awaitInALambdaPassedToAMethodSuggestsALoopFuturesAllOrAStream() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<Integer> run(java.util.List<String> names, CompletableFuture<String> f) {
                        names.forEach(name -> System.out.println(await(f))); // error: [AwaitInLambda]
                        int total = names.stream()
                                .map(name -> await(f).length()) // error: [AwaitInLambda]
                                .mapToInt(Integer::intValue).sum();
                        return completedFuture(total);
                    }
                }
                """);
        List<String> messages = messagesOf(c, "AwaitInLambda");
        assertEquals(2, messages.size(), messages.toString());
        String forEach = messages.get(0);
        assertTrue(forEach.contains("the lambda passed to forEach(...)") && forEach.contains("as a Consumer, whose result is void"), forEach);
        String map = messages.get(1);
        assertTrue(map.contains("the lambda passed to map(...)") && map.contains("as a Function, whose result is java.lang.Integer"), map);
        for (String message : messages) {
            assertTrue(message.contains("for loop") && message.contains("await(Futures.all(stages))")
                    && message.contains("AsyncStream") && !message.contains("Make the lambda return"), message);
        }
    }

    @Test
    void awaitingATimeoutAsTheCheckedTimeoutExceptionIsAnError() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<String> run(CompletableFuture<String> f) throws Exception {
                        try {
                            return completedFuture(await(dev.awaitj.Time.withTimeout(f, java.time.Duration.ofSeconds(1)), // error: [TimeoutIsUnchecked]
                                    TimeoutException.class));
                        } catch (TimeoutException e) {
                            return completedFuture(await(f.orTimeout(1, TimeUnit.SECONDS), TimeoutException.class));
                        }
                    }
                }
                """);
        String message = messageOf(c, "TimeoutIsUnchecked");
        assertTrue(message.contains("Time.withTimeout fails with the unchecked dev.awaitj.TimedOutException")
                && message.contains("catch (dev.awaitj.TimedOutException e)"), message);
    }

    @Test
    void awaitInAnonymousOrLocalClassBody() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<String> run(CompletableFuture<String> f) {
                        Supplier<String> anonymous = new Supplier<>() {
                            public String get() { return await(f); } // error: [AwaitInLocalClass]
                        };
                        class Local {
                            String field = await(f); // error: [AwaitInLocalClass]
                            @Async CompletableFuture<String> fine() { return completedFuture(await(f)); }
                        }
                        return completedFuture(anonymous.get());
                    }
                }
                """);
        String message = messageOf(c, "AwaitInLocalClass");
        assertTrue(message.contains("'Checked.run'"), message);
    }

    @Test
    void awaitInSynchronizedBlockOrMethod() {
        check("""
                public class Checked {
                    private final Object lock = new Object();
                    @Async CompletableFuture<String> block(CompletableFuture<String> f) {
                        synchronized (await(f)) {
                            return completedFuture(await(f)); // error: [AwaitInSynchronized]
                        }
                    }
                    @Async synchronized CompletableFuture<String> method(CompletableFuture<String> f) {
                        return completedFuture(await(f)); // error: [AwaitInSynchronized]
                    }
                    @Async CompletableFuture<String> lambdaInside(CompletableFuture<String> f) {
                        synchronized (lock) {
                            Supplier<CompletableFuture<String>> later = () -> completedFuture(await(f));
                            return later.get();
                        }
                    }
                }
                """);
    }

    @Test
    void asyncMethodDeclarations() {
        Compilation c = check("""
                public abstract class Checked {
                    @Async String notAFuture() { return "x"; } // error: [AsyncReturnType]
                    @Async void nothing() { } // error: [AsyncReturnType]
                    @Async abstract CompletableFuture<String> noBody(); // error: [AsyncWithoutBody]
                    @Async native CompletableFuture<String> nativeMethod(); // error: [AsyncWithoutBody]
                    interface Api {
                        @Async CompletionStage<String> declared(); // error: [AsyncWithoutBody]
                    }
                    @Async CompletionStage<String> stageIsFine() { return completedFuture("x"); }
                }
                """);
        String message = messageOf(c, "AsyncReturnType");
        assertTrue(message.contains("'Checked.notAFuture'") && message.contains("java.lang.String"), message);
    }

    @Test
    void awaitAsAMethodReference() {
        check("""
                public class Checked {
                    @Async static CompletableFuture<String> run(CompletableFuture<String> f) {
                        Function<CompletableFuture<String>, String> ref = Await::await; // error: [AwaitMethodReference]
                        return completedFuture(ref.apply(f));
                    }
                }
                """);
    }

    @Test
    void discardedResultOfAnAsyncCallIsAWarning() {
        Compilation c = check("""
                public class Checked {
                    @Async static CompletableFuture<String> work() { return completedFuture("w"); }
                    @Async static CompletableFuture<String> run() {
                        work(); // warning: [DiscardedAsyncResult]
                        CompletableFuture<String> kept = work();
                        await(work());
                        return kept;
                    }
                    @SuppressWarnings("DiscardedAsyncResult")
                    static void fireAndForget() {
                        work();
                    }
                }
                """);
        assertEquals(Compilation.Status.SUCCESS, c.status());
    }

    /**
     * Issue 14: a stream producer is an async lambda and {@code await(out.emit(x))} an ordinary
     * await, so the await checks cover emit misuse (a plain lambda, synchronized, no async code).
     */
    @Test
    void streamProducersGetTheAwaitChecks() {
        check("""
                public class Checked {
                    static dev.awaitj.stream.AsyncStream<String> titles(java.util.List<CompletableFuture<String>> pages, Object lock) {
                        return dev.awaitj.stream.AsyncStream.of(out -> {
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
                            return dev.awaitj.stream.AsyncStream.done();
                        });
                    }
                    static dev.awaitj.stream.AsyncStream<String> each(java.util.List<String> values) {
                        return dev.awaitj.stream.AsyncStream.of(out -> {
                            values.forEach(v -> await(out.emit(v))); // error: [AwaitInLambda]
                            return dev.awaitj.stream.AsyncStream.done();
                        });
                    }
                    static void send(dev.awaitj.stream.Emitter<String> out) {
                        await(out.emit("x")); // error: [AwaitOutsideAsync]
                    }
                }
                """);
    }

    @Test
    void anEmitWhoseStageIsDiscardedIsAnError() {
        Compilation c = check("""
                public class Checked {
                    static dev.awaitj.stream.AsyncStream<Integer> numbers() {
                        return dev.awaitj.stream.AsyncStream.of(out -> {
                            await(out.emit(1));
                            out.emit(2); // error: [EmitNotAwaited]
                            CompletionStage<Void> kept = out.emit(3);
                            await(kept);
                            return dev.awaitj.stream.AsyncStream.done();
                        });
                    }
                    static dev.awaitj.stream.AsyncStream<Integer> inAPlainLambda(java.util.List<Integer> values) {
                        return dev.awaitj.stream.AsyncStream.of(out -> {
                            values.forEach(v -> out.emit(v)); // error: [EmitNotAwaited]
                            return dev.awaitj.stream.AsyncStream.done();
                        });
                    }
                    static dev.awaitj.stream.AsyncStream<Integer> inSynchronized(Object lock) {
                        return dev.awaitj.stream.AsyncStream.of(out -> {
                            synchronized (lock) {
                                await(out.emit(1)); // error: [AwaitInSynchronized]
                            }
                            return dev.awaitj.stream.AsyncStream.done();
                        });
                    }
                }
                """);
        String message = c.errors().get(0).getMessage(Locale.ROOT);
        assertTrue(message.contains("await(out.emit(value))"), message);
    }

    @Test
    void validCodeCompilesWithoutAnyDiagnostic() {
        Compilation c = check("""
                public class Checked {
                    @Async static <T extends Comparable<T> & java.io.Serializable> CompletableFuture<T> max(CompletableFuture<T> a, T b) {
                        T value = await(a);
                        return completedFuture(value.compareTo(b) > 0 ? value : b);
                    }
                    @Async static CompletableFuture<String> locals() {
                        record Pair(String a, String b) { }
                        Pair p = new Pair(await(completedFuture("a")), "b");
                        Runnable r = new Runnable() { public void run() { } };
                        r.run();
                        return completedFuture(p.a() + p.b());
                    }
                    static final Supplier<CompletableFuture<String>> STATIC_ASYNC = () -> completedFuture(await(completedFuture("s")));
                }
                """);
        assertEquals(Compilation.Status.SUCCESS, c.status());
    }
}
