package dev.awaitj.processor;

import static dev.awaitj.processor.AsyncRun.assertOutcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of method may be async, and keeps its access to the enclosing class's private members. */
class MethodKindsTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Kinds", """
                package t;

                import static dev.awaitj.Await.await;
                import static dev.awaitj.testing.Stages.*;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;
                import java.util.function.*;

                public class Kinds {
                    private int secret = 40;
                    private static String hidden() { return "hidden"; }

                    @Async CompletableFuture<Integer> instance(int plus) {
                        return completedFuture(secret + await(value(plus)));
                    }

                    @Async private CompletableFuture<Integer> privateInstance() {
                        secret += await(value(1));
                        return completedFuture(secret);
                    }

                    @Async CompletableFuture<Integer> overloaded(int a) { return completedFuture(await(value(a))); }
                    @Async CompletableFuture<Integer> overloaded(String a) { return completedFuture(await(value(a.length()))); }

                    @Async static <T extends Comparable<T>> CompletableFuture<T> generic(T a, CompletableFuture<T> b) {
                        T other = await(b);
                        return completedFuture(a.compareTo(other) >= 0 ? a : other);
                    }

                    @Async static CompletableFuture<Integer> varargs(String label, Integer... values) {
                        int sum = 0;
                        for (Integer v : values) sum += await(value(v));
                        return completedFuture(sum);
                    }

                    @Async static CompletableFuture<Long> recursive(int n) {
                        if (n <= 1) return completedFuture((long) await(value(1)));
                        return completedFuture(n * await(recursive(n - 1)));
                    }

                    interface Greeter {
                        String name();
                        @Async default CompletableFuture<String> greet() {
                            return completedFuture("hi " + await(value(name())));
                        }
                        @Async static CompletableFuture<String> shout(String s) {
                            return completedFuture(await(value(s)).toUpperCase());
                        }
                    }

                    static class Nested {
                        @Async CompletableFuture<String> run() { return completedFuture(hidden() + await(value("+nested"))); }
                    }

                    class Inner {
                        @Async CompletableFuture<Integer> run() {
                            int before = secret;
                            secret = await(value(1));
                            return completedFuture(before + secret);
                        }
                    }

                    enum Op {
                        ADD { @Async CompletableFuture<Integer> apply(int a, int b) { return completedFuture(await(value(a)) + b); } },
                        MUL { @Async CompletableFuture<Integer> apply(int a, int b) { return completedFuture(a * await(value(b))); } };
                        abstract CompletableFuture<Integer> apply(int a, int b);
                    }

                    record Point(int x, int y) {
                        @Async CompletableFuture<Integer> sum() { return completedFuture(x + await(value(y))); }
                    }

                    abstract static class Base {
                        @Async CompletableFuture<String> name() { return completedFuture("base" + await(value(""))); }
                    }
                    static class Derived extends Base {
                        @Async @Override CompletableFuture<String> name() {
                            return completedFuture(await(super.name()) + "+derived" + await(value("")));
                        }
                    }

                    @Async static CompletableFuture<Integer> callsInstance() {
                        Kinds k = new Kinds();
                        return completedFuture(await(k.instance(2)) + await(k.privateInstance()));
                    }

                    @Async static CompletableFuture<String> callsOverloads() {
                        Kinds k = new Kinds();
                        return completedFuture(await(k.overloaded(5)) + "/" + await(k.overloaded("four")));
                    }

                    @Async static CompletableFuture<String> callsGeneric() {
                        return completedFuture(await(generic("pear", value("apple"))) + await(generic(3, value(9))));
                    }

                    @Async static CompletableFuture<Integer> callsVarargs() {
                        return completedFuture(await(varargs("x", 1, 2, 3)) + await(varargs("none")));
                    }

                    @Async static CompletableFuture<Long> callsRecursive() {
                        return recursive(10);
                    }

                    @Async static CompletableFuture<String> callsInterfaceMethods() {
                        Greeter g = () -> "bob";
                        return completedFuture(await(g.greet()) + " " + await(Greeter.shout("hey")));
                    }

                    @Async static CompletableFuture<String> callsNestedAndInner() {
                        Kinds k = new Kinds();
                        Kinds.Inner inner = k.new Inner();
                        return completedFuture(await(new Nested().run()) + await(inner.run()) + k.secret);
                    }

                    @Async static CompletableFuture<String> callsLocalAndAnonymousClasses() {
                        class Local {
                            @Async CompletableFuture<String> run(String s) { return completedFuture(hidden() + await(value(s))); }
                        }
                        Supplier<CompletableFuture<String>> anonymous = new Supplier<>() {
                            @Async public CompletableFuture<String> get() { return completedFuture(await(value("anon"))); }
                        };
                        return completedFuture(await(new Local().run("-local")) + "," + await(anonymous.get()));
                    }

                    @Async static CompletableFuture<Integer> callsEnumAndRecord() {
                        return completedFuture(await(Op.ADD.apply(1, 2)) + await(Op.MUL.apply(3, 4)) + await(new Point(5, 6).sum()));
                    }

                    @Async static CompletableFuture<String> callsSuper() {
                        return new Derived().name();
                    }

                    @Async static CompletableFuture<String> asyncLambdas() {
                        String captured = await(value("cap"));
                        Supplier<CompletableFuture<String>> supplier = () -> completedFuture(captured + await(value("!")));
                        Function<Integer, CompletionStage<Integer>> twice = x -> {
                            int first = await(value(x));
                            return completedFuture(first + await(value(x)));
                        };
                        Callable<CompletableFuture<String>> nested = () -> {
                            Supplier<CompletableFuture<String>> inner = () -> completedFuture(await(value("in")) + "ner");
                            return completedFuture(await(inner.get()));
                        };
                        try {
                            return completedFuture(await(supplier.get()) + await(twice.apply(21)) + await(nested.call()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Async static CompletableFuture<String> noAwaitAtAll() {
                        return completedFuture("plain");
                    }

                    @Async static CompletableFuture<String> noAwaitThrows() {
                        throw new IllegalStateException("thrown without await");
                    }
                }
                """).loadClass("t.Kinds");
    }

    @Test
    void instanceMethodsAndPrivateFields() {
        assertOutcome(program, "callsInstance", "83");
    }

    @Test
    void overloadsGetDistinctResumeMethods() {
        assertOutcome(program, "callsOverloads", "5/4");
    }

    @Test
    void genericMethods() {
        assertOutcome(program, "callsGeneric", "pear9");
    }

    @Test
    void varargsMethods() {
        assertOutcome(program, "callsVarargs", "6");
    }

    @Test
    void recursion() {
        assertOutcome(program, "callsRecursive", "3628800");
    }

    @Test
    void interfaceDefaultAndStaticMethods() {
        assertOutcome(program, "callsInterfaceMethods", "hi bob HEY");
    }

    @Test
    void nestedAndInnerClassesReachPrivateMembersOfTheOuterClass() {
        assertOutcome(program, "callsNestedAndInner", "hidden+nested411");
    }

    @Test
    void localAndAnonymousClasses() {
        assertOutcome(program, "callsLocalAndAnonymousClasses", "hidden-local,anon");
    }

    @Test
    void enumConstantBodiesAndRecords() {
        assertOutcome(program, "callsEnumAndRecord", "26");
    }

    @Test
    void overridingAndSuperCalls() {
        assertOutcome(program, "callsSuper", "base+derived");
    }

    @Test
    void asyncLambdasIncludingNestedOnes() {
        assertOutcome(program, "asyncLambdas", "cap!42inner");
    }

    @Test
    void methodsWithoutAwaitStillCaptureExceptions() {
        assertOutcome(program, "noAwaitAtAll", "plain");
        assertOutcome(program, "noAwaitThrows", "threw java.lang.IllegalStateException: thrown without await");
    }
}
