package dev.awaitj.processor;

import static dev.awaitj.processor.AsyncRun.assertOutcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Await anywhere an expression may stand, evaluated left to right exactly as Java does. */
class ExpressionsTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Expressions", """
                package t;

                import static dev.awaitj.Await.await;
                import static dev.awaitj.testing.Stages.*;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;

                public class Expressions {
                    static String join(Object... parts) {
                        StringBuilder b = new StringBuilder();
                        for (Object p : parts) b.append(p).append('|');
                        return b.toString();
                    }

                    @Async static CompletableFuture<String> arguments() {
                        return completedFuture(join(log("a", 1), await(traced("b", 2)), log("c", 3), await(traced("d", 4))));
                    }

                    @Async static CompletableFuture<String> nested() {
                        return completedFuture("r=" + await(value(await(value(await(value(7)) * 2)) + 1)));
                    }

                    @Async static CompletableFuture<String> wideStackValues() {
                        long big = 1L << 40;
                        double half = 0.5;
                        float f = 1.5f;
                        return completedFuture(join(big + await(value(3L)), half * await(value(4.0)),
                                f + await(value(2.0f)), (byte) 3 + await(value((byte) 4)),
                                'x' + "" + await(value('y')), true & await(value(true)), (short) 2 * await(value((short) 8))));
                    }

                    @Async static CompletableFuture<String> conditions() {
                        StringBuilder out = new StringBuilder();
                        if (await(value(true)) && log("rhs-and", !await(value(false)))) out.append("and;");
                        if (await(value(true)) || log("rhs-or-skipped", await(value(false)))) out.append("or;");
                        if (!await(value(false)) ^ await(value(true))) out.append("xor;");
                        out.append(await(value(3)) > 2 ? await(value("big")) : await(value("small")));
                        out.append(await(value(1)) > 2 ? await(value("big")) : await(value("small")));
                        return completedFuture(out.toString());
                    }

                    @Async static CompletableFuture<String> arrays() {
                        int[] a = {10, 20, 30};
                        a[await(value(1))] += await(value(5));
                        a[await(value(0))]++;
                        ++a[await(value(2))];
                        a[log("index", 2)] *= await(traced("factor", 2));
                        String[][] grid = new String[await(value(2))][await(value(3))];
                        grid[1][await(value(2))] = await(value("z"));
                        long[] longs = {1L, 2L};
                        longs[await(value(1))] <<= await(value(3));
                        return completedFuture(Arrays.toString(a) + Arrays.deepToString(grid) + Arrays.toString(longs));
                    }

                    @Async static CompletableFuture<String> compound() {
                        int i = 1;
                        i += await(value(2));
                        i *= await(value(3)) + i;
                        long l = 5;
                        l -= await(value(1L));
                        String s = "a";
                        s += await(value("b")) + s;
                        double d = 1;
                        d /= await(value(4.0));
                        return completedFuture(join(i, l, s, d));
                    }

                    static final class Pair {
                        final Object left; final Object right;
                        Pair(Object left, Object right) { this.left = left; this.right = right; log("init " + left + "," + right); }
                        public String toString() { return "(" + left + "," + right + ")"; }
                    }

                    @Async static CompletableFuture<String> constructors() {
                        Pair p = new Pair(log("left", "L"), await(traced("right", "R")));
                        Pair q = new Pair(new Pair(await(value(1)), 2), new Pair(3, await(value(4))));
                        List<Object> list = new ArrayList<>(List.of(await(value("x")), new Pair(await(value("y")), "z")));
                        return completedFuture(join(p, q, list, new StringBuilder(await(value("sb"))).append(await(value(1)))));
                    }

                    @Async static CompletableFuture<String> switches() {
                        StringBuilder out = new StringBuilder();
                        switch (await(value(2))) {
                            case 1: out.append("one;");
                            case 2: out.append(await(value("two;")));
                            case 3: out.append("three;"); break;
                            default: out.append("other;");
                        }
                        String kind = switch (await(value("b"))) {
                            case "a" -> "A";
                            case "b" -> {
                                String partial = await(value("B"));
                                yield partial + await(value("!"));
                            }
                            default -> await(value("?"));
                        };
                        int number = switch (await(value(3))) {
                            case 3: yield await(value(30)) + 3;
                            default: yield 0;
                        };
                        return completedFuture(out + kind + number);
                    }

                    @Async static CompletableFuture<String> strings() {
                        String who = "w";
                        return completedFuture("<" + who + await(value(1)) + ":" + await(value('c')) + await(value(2.5)) + ">");
                    }

                    @Async static CompletableFuture<String> instanceofPatterns() {
                        Object o = await(value((Object) "text"));
                        if (o instanceof String s && s.length() == await(value(4))) {
                            return completedFuture(s.toUpperCase() + await(value("!")));
                        }
                        return completedFuture("no");
                    }

                    @Async static CompletableFuture<String> nullOnStack() {
                        String nothing = null;
                        Object both = join(null, await(value("v")), nothing);
                        return completedFuture(both + String.valueOf(nothing) + await(value(0)));
                    }

                    @Async static CompletableFuture<String> castsAndGenerics() {
                        Map<String, List<Integer>> map = new HashMap<>();
                        map.computeIfAbsent(await(value("k")), k -> new ArrayList<>()).add(await(value(5)));
                        int total = 0;
                        for (int x : map.get("k")) total += x + await(value(1));
                        Comparable<String> cmp = await(value("abc"));
                        return completedFuture(map + ":" + total + ":" + cmp.compareTo("abd"));
                    }

                    @Async static CompletableFuture<String> mergedTypes() {
                        CharSequence text = await(value(true)) ? new StringBuilder("sb") : new StringBuffer("sf");
                        Object merged = await(value(false)) ? new ArrayList<String>() : new LinkedList<String>();
                        String suffix = await(value("-"));
                        return completedFuture(text + suffix + ((List<?>) merged).size() + text.length());
                    }

                    @Async static CompletableFuture<Integer> assertions() {
                        int x = await(value(2));
                        assert x == await(value(2)) : "unequal";
                        return completedFuture(x);
                    }
                }
                """).loadClass("t.Expressions");
    }

    @Test
    void argumentsAreEvaluatedLeftToRightAroundAwaits() {
        assertOutcome(program, "arguments", "1|2|3|4| a,b,c,d");
    }

    @Test
    void nestedAwaits() {
        assertOutcome(program, "nested", "r=15");
    }

    @Test
    void longDoubleFloatAndSmallIntsSurviveOnTheStack() {
        assertOutcome(program, "wideStackValues", "1099511627779|2.0|3.5|7|xy|true|16|");
    }

    @Test
    void conditionsTernariesAndShortCircuits() {
        assertOutcome(program, "conditions", "and;or;bigsmall rhs-and");
    }

    @Test
    void arrayIndicesAndCompoundAssignmentToElements() {
        assertOutcome(program, "arrays", "[11, 25, 62][[null, null, null], [null, null, z]][1, 16] index,factor");
    }

    @Test
    void compoundAssignmentToLocals() {
        assertOutcome(program, "compound", "18|4|aba|0.25|");
    }

    @Test
    void constructorArgumentsIncludingNestedNew() {
        assertOutcome(program, "constructors",
                "(L,R)|((1,2),(3,4))|[x, (y,z)]|sb1| left,right,init L,R,init 1,2,init 3,4,init (1,2),(3,4),init y,z");
    }

    @Test
    void switchSelectorsArmsFallthroughAndSwitchExpressions() {
        assertOutcome(program, "switches", "two;three;B!33");
    }

    @Test
    void stringConcatenation() {
        assertOutcome(program, "strings", "<w1:c2.5>");
    }

    @Test
    void patternInstanceof() {
        assertOutcome(program, "instanceofPatterns", "TEXT!");
    }

    @Test
    void knownNullValuesOnStackAndInLocals() {
        assertOutcome(program, "nullOnStack", "null|v|null|null0");
    }

    @Test
    void genericsLambdasInsideAndInterfaceTypedLocals() {
        assertOutcome(program, "castsAndGenerics", "{k=[5]}:6:-1");
    }

    @Test
    void localsOfMergedTypesIncludingAPackagePrivateCommonSuperclass() {
        assertOutcome(program, "mergedTypes", "sb-02");
    }

    @Test
    void awaitInAssert() {
        assertOutcome(program, "assertions", "2");
    }
}
