package legal;

// expect: block:1|do:3|char:c|resource:r|checked:caught io|finally:f|pattern:4|unicode:5

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.failure;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

public class OddControlFlow {
    static final class Resource implements AutoCloseable {
        final String name;

        Resource(String name) {
            this.name = name;
        }

        @Override
        public void close() {
        }
    }

    @Async
    @SuppressWarnings("finally")
    static CompletableFuture<String> finallyReturns() {
        try {
            throw new IllegalStateException(await(value("lost")));
        } finally {
            return completedFuture(await(value("f")));
        }
    }

    @Async
    public static CompletableFuture<String> run() {
        StringBuilder out = new StringBuilder();
        int block = 0;
        found: {
            if (await(value(true))) {
                block = 1;
                break found;
            }
            block = 2;
        }
        out.append("block:").append(block);
        int n = 0;
        do {
            n++;
        } while (await(value(n)) < 3);
        out.append("|do:").append(n);
        switch (await(value('c'))) {
            case 'c' -> out.append("|char:c");
            default -> out.append("|char:?");
        }
        try (Resource r = new Resource(await(value("r")))) {
            out.append("|resource:").append(r.name);
        }
        try {
            String never = await(failure(new IOException("io")), IOException.class);
            out.append(never);
        } catch (IOException e) {
            out.append("|checked:caught ").append(e.getMessage());
        }
        out.append("|finally:").append(await(finallyReturns()));
        Object o = await(value((Object) "abcd"));
        if (o instanceof String s && s.length() == await(value(4))) {
            out.append("|pattern:").append(s.length());
        }
        int größe = await(value(5));
        out.append("|unicode:").append(größe);
        return completedFuture(out.toString());
    }
}
