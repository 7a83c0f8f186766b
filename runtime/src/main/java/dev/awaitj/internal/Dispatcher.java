package dev.awaitj.internal;

import java.util.concurrent.Executor;

/**
 * Where suspended methods resume. An async method that first suspends on a thread with a current
 * dispatcher (an event loop's thread) resumes through that dispatcher; one started elsewhere
 * resumes on the thread that completed the stage it waited for.
 */
public interface Dispatcher extends Executor {

    /** Whether the calling thread is this dispatcher's own, so a resumption may run inline. */
    boolean isCurrent();

    /** The dispatcher installed on the calling thread, or {@code null}. */
    static Dispatcher current() {
        return Installed.CURRENT.get();
    }

    /**
     * Installs {@code dispatcher} as the calling thread's current one ({@code null} removes it)
     * and returns the previous one, to be reinstalled when done.
     */
    static Dispatcher install(Dispatcher dispatcher) {
        Dispatcher previous = Installed.CURRENT.get();
        if (dispatcher == null) {
            Installed.CURRENT.remove();
        } else {
            Installed.CURRENT.set(dispatcher);
        }
        return previous;
    }
}

/** Holder of the per-thread dispatcher, kept out of the interface's public surface. */
final class Installed {
    static final ThreadLocal<Dispatcher> CURRENT = new ThreadLocal<>();

    private Installed() {
    }
}
