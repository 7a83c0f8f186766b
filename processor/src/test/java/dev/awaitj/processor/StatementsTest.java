package dev.awaitj.processor;

import static dev.awaitj.processor.AsyncRun.assertOutcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Await in every kind of statement: branches, loops, labels, switches, try blocks, resources. */
class StatementsTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Statements", """
                package t;

                import static dev.awaitj.Await.await;
                import static dev.awaitj.testing.Stages.*;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;

                public class Statements {
                    @Async static CompletableFuture<String> branches(int n) {
                        String out;
                        if (await(value(n)) > 5) {
                            out = await(value("big"));
                        } else if (n > 2) {
                            out = "mid" + await(value(n));
                        } else {
                            out = "small";
                        }
                        return completedFuture(out);
                    }

                    @Async static CompletableFuture<Integer> loops() {
                        int total = 0;
                        for (int i = await(value(0)); i < await(value(4)); i += await(value(1))) {
                            total += await(value(i));
                        }
                        int j = 0;
                        while (await(value(j)) < 3) {
                            j++;
                            total += 10;
                        }
                        do {
                            total += await(value(100));
                        } while (await(value(false)));
                        for (String s : await(value(List.of("a", "bb", "ccc")))) {
                            total += s.length() * await(value(1000));
                        }
                        for (int x : new int[] {await(value(7)), 8}) {
                            total += x;
                        }
                        return completedFuture(total);
                    }

                    @Async static CompletableFuture<String> labels() {
                        StringBuilder out = new StringBuilder();
                        outer:
                        for (int i = 0; i < 4; i++) {
                            inner:
                            for (int j = 0; j < 4; j++) {
                                if (await(value(j)) == 2) continue outer;
                                if (await(value(i)) == 3) break outer;
                                if (j > i) break inner;
                                out.append(i).append(j).append(' ');
                            }
                        }
                        block: {
                            if (await(value(true))) break block;
                            out.append("unreached");
                        }
                        return completedFuture(out.toString().trim());
                    }

                    @Async static CompletableFuture<String> tryCatchFinally() {
                        StringBuilder out = new StringBuilder();
                        try {
                            out.append(await(value("try;")));
                            throw new IllegalStateException(await(value("boom")));
                        } catch (IllegalStateException e) {
                            out.append(await(value("catch:"))).append(e.getMessage()).append(';');
                        } finally {
                            out.append(await(value("finally;")));
                        }
                        try {
                            try {
                                await(failure(new UnsupportedOperationException("inner")));
                                out.append("unreached");
                            } finally {
                                out.append(await(value("inner-finally;")));
                            }
                        } catch (UnsupportedOperationException e) {
                            out.append("outer-catch:").append(e.getMessage());
                        }
                        return completedFuture(out.toString());
                    }

                    @Async static CompletableFuture<String> returnThroughFinally() {
                        List<String> out = new ArrayList<>();
                        try {
                            return completedFuture(await(value("returned")) + out);
                        } finally {
                            out.add(await(value("f")));
                            log("finally ran " + out);
                        }
                    }

                    @Async static CompletableFuture<String> multiCatch(int which) {
                        try {
                            if (which == 0) await(failure(new IllegalArgumentException("iae")));
                            else await(failure(new ArithmeticException("ae")));
                            return completedFuture("none");
                        } catch (IllegalArgumentException | ArithmeticException e) {
                            return completedFuture(e.getClass().getSimpleName() + await(value("!")));
                        }
                    }

                    static final class Resource implements AutoCloseable {
                        final String name;
                        Resource(String name) { this.name = name; log("open " + name); }
                        @Override public void close() { log("close " + name); }
                    }

                    @Async static CompletableFuture<String> resources() {
                        try (Resource a = new Resource(await(value("a"))); Resource b = new Resource("b")) {
                            log("body " + await(value(a.name + b.name)));
                        }
                        try (Resource c = new Resource("c")) {
                            await(failure(new IllegalStateException("in body")));
                        } catch (IllegalStateException e) {
                            log("caught " + e.getMessage());
                        }
                        return completedFuture("done");
                    }

                    @Async static CompletableFuture<String> classicSwitchOnStrings(String key) {
                        String out = "";
                        switch (await(value(key))) {
                            case "a":
                                out += await(value("A"));
                            case "b":
                                out += "B";
                                break;
                            default:
                                out += await(value("?"));
                        }
                        return completedFuture(out);
                    }

                    enum Color { RED, GREEN }

                    @Async static CompletableFuture<String> enumSwitch() {
                        return completedFuture(switch (await(value(Color.GREEN))) {
                            case RED -> "r";
                            case GREEN -> await(value("g"));
                        });
                    }

                    @Async static CompletableFuture<Integer> deepLoop(int n) {
                        int sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += await(value(1));
                        }
                        return completedFuture(sum);
                    }
                }
                """).loadClass("t.Statements");
    }

    @Test
    void ifElseChains() {
        assertOutcome(program, "branches", "big", 9);
        assertOutcome(program, "branches", "mid3", 3);
        assertOutcome(program, "branches", "small", 1);
    }

    @Test
    void allLoopsWithAwaitInHeadersAndBodies() {
        assertOutcome(program, "loops", "6151", new Object[0]);
    }

    @Test
    void labeledBreakAndContinue() {
        assertOutcome(program, "labels", "00 10 11 20 21");
    }

    @Test
    void awaitInTryCatchAndFinally() {
        assertOutcome(program, "tryCatchFinally", "try;catch:boom;finally;inner-finally;outer-catch:inner");
    }

    @Test
    void returnRunsFinallyWithAwaitFirst() {
        assertOutcome(program, "returnThroughFinally", "returned[] finally ran [f]");
    }

    @Test
    void multiCatch() {
        assertOutcome(program, "multiCatch", "IllegalArgumentException!", 0);
        assertOutcome(program, "multiCatch", "ArithmeticException!", 1);
    }

    @Test
    void tryWithResourcesClosesInOrderAroundAwaits() {
        assertOutcome(program, "resources",
                "done open a,open b,body ab,close b,close a,open c,close c,caught in body");
    }

    @Test
    void classicSwitchWithFallthrough() {
        assertOutcome(program, "classicSwitchOnStrings", "AB", "a");
        assertOutcome(program, "classicSwitchOnStrings", "B", "b");
        assertOutcome(program, "classicSwitchOnStrings", "?", "z");
    }

    @Test
    void switchOnEnum() {
        assertOutcome(program, "enumSwitch", "g");
    }

    @Test
    void longLoopsOfSuspensions() {
        assertOutcome(program, "deepLoop", "20000", 20_000);
    }
}
