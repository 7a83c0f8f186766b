package t;

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.failure;
import static dev.awaitj.testing.Stages.log;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The debugger harness's second corpus: StatementsTest's programs (awaits in loop headers,
 * labels, finally blocks, resources, string switches), a checked await, a generic method.
 */
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

    @Async static CompletableFuture<Integer> headers() {
        int total = 0;
        for (int i = await(value(0)); i < await(value(3)); i += await(value(1))) {
            total += await(value(i));
        }
        int j = 0;
        while (await(value(j)) < 2) {
            j++;
            total += 10;
        }
        do {
            total += await(value(100));
        } while (await(value(false)));
        for (int x : new int[] {await(value(7)), 8}) {
            total += x;
        }
        return completedFuture(total);
    }

    @Async static CompletableFuture<String> labels() {
        StringBuilder out = new StringBuilder();
        outer:
        for (int i = 0; i < 3; i++) {
            inner:
            for (int j = 0; j < 3; j++) {
                if (await(value(j)) == 2) continue outer;
                if (await(value(i)) == 2) break outer;
                if (j > i) break inner;
                out.append(i).append(j).append(' ');
            }
        }
        return completedFuture(out.toString().trim());
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
            String name = e.getClass().getSimpleName();
            return completedFuture(name + await(value("!")));
        }
    }

    @Async static CompletableFuture<String> checked() {
        String read;
        try {
            read = await(failure(new IOException("disk")), IOException.class);
        } catch (IOException e) {
            read = "caught " + e.getMessage();
        }
        double ratio = 0.25;
        long big = 1L << 40;
        String more = await(value("+"), UncheckedIOException.class);
        return completedFuture(read + more + (big * ratio));
    }

    @Async static CompletableFuture<String> stringSwitch(String key) {
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

    @Async static <T extends Comparable<T>> CompletableFuture<T> larger(T a, CompletableFuture<T> b) {
        T other = await(b);
        T larger = a.compareTo(other) >= 0 ? a : other;
        return completedFuture(larger);
    }

    @Async static CompletableFuture<String> run() {
        StringBuilder out = new StringBuilder();
        out.append(await(branches(9))).append(' ');
        out.append(await(branches(3))).append(' ');
        out.append(await(headers())).append(' ');
        out.append(await(labels())).append(' ');
        out.append(await(returnThroughFinally())).append(' ');
        out.append(await(multiCatch(0))).append(' ');
        out.append(await(multiCatch(1))).append(' ');
        out.append(await(checked())).append(' ');
        out.append(await(stringSwitch("a"))).append(' ');
        out.append(await(stringSwitch("z"))).append(' ');
        out.append(await(larger("pear", value("apple"))));
        return completedFuture(out.toString());
    }
}
