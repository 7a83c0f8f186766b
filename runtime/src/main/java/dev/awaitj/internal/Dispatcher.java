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
        return ThreadState.get().dispatcher;
    }

    /**
     * Installs {@code dispatcher} as the calling thread's current one ({@code null} removes it)
     * and returns the previous one, to be reinstalled when done.
     */
    static Dispatcher install(Dispatcher dispatcher) {
        ThreadState state = ThreadState.get();
        Dispatcher previous = state.dispatcher;
        state.dispatcher = dispatcher;
        return previous;
    }
}
