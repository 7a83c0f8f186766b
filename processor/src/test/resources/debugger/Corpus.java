package t;

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.failure;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The debugger harness's corpus (DebuggerTellsTheTruthTest): each async method is stopped at on
 * every line, in both copies, and its variables compared with the same source run blocking.
 * One statement per line, and no recursion: the harness tells executions of a line apart by the
 * lines in between, per method.
 */
public class Corpus {
    record Point(int x, long y) {
        @Async CompletableFuture<Long> scaled(int k) {
            long before = y * k;
            int dx = await(value(x));
            long after = before + dx;
            long extra = await(value(1L));
            return completedFuture(after + extra);
        }
    }

    enum Color { RED, GREEN }

    static final class Res implements AutoCloseable {
        final String name;

        Res(String name) {
            this.name = name;
        }

        @Override
        public void close() {
        }
    }

    private final String name;
    private int calls;

    Corpus(String name) {
        this.name = name;
    }

    /** The example: parameters dead after the first await, an await in a loop. */
    @Async static CompletableFuture<Integer> work(CompletableFuture<Integer> a, int k, String label) {
        int before = k * 2;
        int got = await(a);
        int after = got + before;
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            int step = await(value(i * 10));
            sum += step + before + got;
        }
        String tag = label + sum;
        return completedFuture(after + sum + tag.length());
    }

    /** Two-slot locals and every primitive type. */
    @Async static CompletableFuture<Long> wide(long start, double factor) {
        long total = start;
        double scaled = factor * 2;
        for (int i = 0; i < 3; i++) {
            long next = await(value(total + i));
            total = next * 2;
            scaled += await(value(0.5d));
        }
        float f = (float) scaled;
        char c = 'x';
        byte b = (byte) total;
        short s = (short) (b + 1);
        boolean flag = await(value(true));
        long mixed = total + (long) scaled + (long) f;
        return completedFuture(flag ? mixed + c + b + s : mixed);
    }

    @Async static CompletableFuture<String> tries(int n) {
        StringBuilder out = new StringBuilder();
        String seen = "none";
        try {
            seen = await(value("try"));
            if (n > 0) {
                await(failure(new IllegalStateException("boom" + n)));
            }
            out.append(seen);
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            out.append(await(value(message)));
        } finally {
            int len = out.length();
            out.append(await(value(len)));
        }
        try (Res res = new Res(await(value("r")))) {
            String inside = res.name + await(value("!"));
            out.append(inside);
        }
        return completedFuture(out + seen);
    }

    @Async static CompletableFuture<String> switches(int n) {
        String result;
        switch (await(value(n % 3))) {
            case 0:
                result = "zero" + await(value(n));
                break;
            case 1: {
                int doubled = n * 2;
                result = "one" + await(value(doubled));
                break;
            }
            default:
                result = "other";
        }
        Color color = n > 3 ? Color.GREEN : Color.RED;
        String named = switch (color) {
            case RED -> "red";
            case GREEN -> {
                String inner = await(value("green"));
                yield inner + n;
            }
        };
        return completedFuture(result + named);
    }

    @Async static CompletableFuture<Integer> lambdas(int base) {
        int captured = await(value(base));
        Function<Integer, CompletionStage<Integer>> twice = x -> {
            int first = await(value(x));
            int second = await(value(x + captured));
            return completedFuture(first + second);
        };
        Supplier<CompletableFuture<String>> supplier = () -> {
            String got = await(value("s"));
            return completedFuture(got + captured);
        };
        IntUnaryOperator plain = v -> v + captured;
        int a = await(twice.apply(3));
        String s = await(supplier.get());
        return completedFuture(a + s.length() + plain.applyAsInt(1));
    }

    @Async CompletableFuture<String> instance(int times) {
        String acc = name;
        for (int i = 0; i < times; i++) {
            calls++;
            acc = acc + await(value(i));
        }
        Point p = new Point(times, 7L);
        long scaled = await(p.scaled(3));
        return completedFuture(acc + scaled + calls);
    }

    /** An async call that suspends inside an async call: each level resumes the one above it. */
    @Async static CompletableFuture<Integer> nested(int depth) {
        int below = await(middle(depth - 1));
        int mine = below * 2 + depth;
        return completedFuture(mine);
    }

    @Async static CompletableFuture<Integer> middle(int depth) {
        long wide = depth * 100L;
        int below = await(leaf(depth - 1));
        return completedFuture((int) wide + below);
    }

    @Async static CompletableFuture<Integer> leaf(int depth) {
        int got = await(value(depth));
        return completedFuture(got + 1);
    }

    @Async static CompletableFuture<Integer> loops(List<Integer> items) {
        Iterator<Integer> it = items.iterator();
        int total = 0;
        while (it.hasNext()) {
            Integer boxed = it.next();
            total += await(value(boxed));
        }
        int j = 0;
        do {
            j += await(value(1));
        } while (j < 3);
        for (String s : await(value(List.of("a", "bb")))) {
            int len = s.length();
            total += len;
        }
        int[] arr = {await(value(7)), 8};
        outer:
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 3; y++) {
                if (await(value(y)) == x) {
                    continue outer;
                }
                total += y;
            }
        }
        return completedFuture(total + j + arr[0]);
    }

    @Async static CompletableFuture<String> objects(String label, Object thing) {
        String upper = label.toUpperCase();
        Object kept = thing;
        Integer boxed = 41;
        List<String> list = new ArrayList<>();
        list.add(upper);
        String got = await(value(upper + kept));
        String unused = "dead";
        Point point = await(value(new Point(2, 3L)));
        boxed = boxed + 1;
        String last = await(value(got + point.x()));
        return completedFuture(last + list.size() + boxed);
    }

    @Async static CompletableFuture<String> completedAndPending(int n) {
        int fast = await(completedFuture(n));
        int slow = await(value(n + 1));
        int again = await(completedFuture(slow + fast));
        return completedFuture("" + fast + slow + again);
    }

    /** What the debuggee calls: every method above, one after another. */
    @Async static CompletableFuture<String> run() {
        StringBuilder out = new StringBuilder();
        out.append(await(work(value(50), 5, "L"))).append(' ');
        out.append(await(wide(3L, 1.25d))).append(' ');
        out.append(await(tries(0))).append(' ');
        out.append(await(tries(2))).append(' ');
        out.append(await(switches(0))).append(' ');
        out.append(await(switches(4))).append(' ');
        out.append(await(switches(5))).append(' ');
        out.append(await(lambdas(7))).append(' ');
        out.append(await(new Corpus("me").instance(3))).append(' ');
        out.append(await(nested(3))).append(' ');
        out.append(await(loops(List.of(1, 2, 3)))).append(' ');
        out.append(await(objects("abc", 12))).append(' ');
        out.append(await(completedAndPending(4))).append(' ');
        out.append(await(Statements.run()));
        return completedFuture(out.toString());
    }
}
