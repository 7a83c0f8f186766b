package dev.awaitj.processor.jdi;

import dev.awaitj.testing.Stages;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;

/**
 * The debuggee's main ({@code class method mode}): calls a static no-argument async method of a
 * corpus class with every stage pending ({@code SUSPENDED}) or already complete ({@code COMPLETED}),
 * then completes the pending stages one at a time on another thread until the method's future is
 * done, and prints the outcome. Rewritten, each await of a pending stage suspends and
 * the method resumes on the completer thread; in the blocking build, the awaits complete the
 * stages themselves and the future is already done when the call returns.
 */
public final class Debuggee {
    private Debuggee() {
    }

    public static void main(String[] args) throws Exception {
        Stages.reset(Stages.Mode.valueOf(args[2]));
        Method method = Class.forName(args[0]).getDeclaredMethod(args[1]);
        method.setAccessible(true);
        CompletableFuture<?> future = (CompletableFuture<?>) method.invoke(null);
        boolean suspended = !future.isDone();
        Thread completer = new Thread(() -> {
            while (!future.isDone()) {
                Stages.Pending next = Stages.nextPending();
                if (next == null) {
                    break;
                }
                next.complete();
            }
        }, "completer");
        completer.start();
        completer.join();
        System.out.println("outcome " + (suspended ? "suspended " : "") + future.getNow(null));
    }
}
