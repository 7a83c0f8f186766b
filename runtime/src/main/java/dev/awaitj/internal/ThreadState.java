package dev.awaitj.internal;

import java.util.ArrayDeque;

/**
 * Everything the runtime keeps per thread, behind one {@link ThreadLocal} lookup: the current
 * dispatcher, the current task carrier and the trampoline's queue.
 */
final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

    /** Where async methods that first suspend on this thread resume; {@code null} off any loop. */
    Dispatcher dispatcher;
    /** The task (or context carrier) the code running on this thread belongs to; opaque here. */
    Object carrier;
    /** Resumptions queued behind the one running. */
    final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    /** Whether a trampoline loop runs on this thread. */
    boolean trampolining;

    /** Debug mode: the longest resumption since {@link DebugHooks#beginStep()}, and where. */
    AsyncBody slowestBody;
    int slowestState;
    long slowestNanos;

    private ThreadState() {
    }

    static ThreadState get() {
        return CURRENT.get();
    }
}
