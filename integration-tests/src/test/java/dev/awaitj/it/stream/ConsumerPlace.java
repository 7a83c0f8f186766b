package dev.awaitj.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awaitj.ContextValue;
import dev.awaitj.Dispatch;
import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The places a stream's consumer runs at in the confinement tests (an EventLoop, a Dispatch over
 * a plain single-thread executor, a thread that adopted a Dispatch), and the record of where each
 * user callback ran: thread, task and a context value, which must all be the consumer's.
 */
enum ConsumerPlace {
    EVENT_LOOP {
        @Override
        Where run(Path path, Case body) throws Exception {
            try (EventLoop loop = EventLoop.startThread("loop")) {
                return loop.spawn(() -> start(path, body)).get(10, TimeUnit.SECONDS);
            }
        }
    },
    DISPATCH {
        @Override
        Where run(Path path, Case body) throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "dispatch"));
            try {
                return Dispatch.on(executor).call(() -> start(path, body)).get(10, TimeUnit.SECONDS);
            } finally {
                executor.shutdownNow();
            }
        }
    },
    ADOPTED_THREAD {
        @Override
        Where run(Path path, Case body) throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "adopted"));
            try {
                Dispatch dispatch = Dispatch.on(executor);
                executor.submit(dispatch::adoptCurrentThread).get();
                CompletableFuture<Where> result = new CompletableFuture<>();
                executor.execute(() -> start(path, body).whenComplete((w, e) -> {
                    if (e == null) {
                        result.complete(w);
                    } else {
                        result.completeExceptionally(e);
                    }
                }));
                return result.get(10, TimeUnit.SECONDS);
            } finally {
                executor.shutdownNow();
            }
        }
    };

    static final ContextValue<String> USER = ContextValue.named("user");

    /** Runs {@code body} at this place, with USER set to "alice" in its task, and returns its record. */
    abstract Where run(Path path, Case body) throws Exception;

    /** What the consumer does, started at its place; every user callback records itself. */
    interface Case {
        CompletionStage<?> apply(Path path, Where where);
    }

    static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    private static CompletableFuture<Where> start(Path path, Case body) {
        USER.set("alice");
        Where where = new Where();
        return body.apply(path, where).toCompletableFuture().thenApply(ignored -> where);
    }

    /** Where each callback ran, against where the consumer started. */
    static final class Where {
        final String expected = here();
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        static String here() {
            return "on " + Thread.currentThread().getName() + ", task "
                    + Task.current().map(t -> "#" + System.identityHashCode(t)).orElse("-")
                    + ", user " + USER.get();
        }

        /** Records where it is called, and returns {@code value}. */
        <T> T at(T value) {
            seen.add(here());
            return value;
        }

        void check() {
            assertFalse(seen.isEmpty(), "no callback ran");
            for (String each : seen) {
                assertEquals(expected, each, "a callback ran elsewhere; all: " + seen);
            }
        }
    }
}
