package dev.awaitj.internal;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Everything the runtime keeps per thread, behind one {@link ThreadLocal} lookup: the current
 * dispatcher, the current task carrier and the trampoline's queue. Public for the entry copy of
 * rewritten methods, which looks it up once per call ({@link #enterAsync}, {@link #leaveAsync}).
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

    /** Where async methods that first suspend on this thread resume; {@code null} off any loop. */
    Dispatcher dispatcher;
    /** The task (or context carrier) the code running on this thread belongs to ({@link TaskSlot}). */
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

    /** The calling thread's state. */
    public static ThreadState get() {
        return CURRENT.get();
    }

    /**
     * Called by an async method's entry copy as it starts: returns the carrier to put back when
     * it returns to its caller. Started from plain code (no carrier, or one the thread's plain
     * code owns), the method runs with a snapshot of the plain code's values, so what it binds is
     * its own ({@link TaskSlot}); inside a task or other work it shares that work's carrier.
     */
    public Object enterAsync() {
        Object current = carrier;
        if (current == null) {
            carrier = Map.of();
        } else if (current instanceof TaskSlot.Context && ((TaskSlot.Context) current).threadOwned) {
            carrier = ((TaskSlot.Context) current).valuesNow();
        }
        return current;
    }

    /**
     * Called by an async method's entry copy as it returns to its caller, done or suspended:
     * puts back the carrier {@link #enterAsync} returned. A method called by async work that has
     * no carrier of its own yet leaves the carrier its own bindings made, for its caller to share.
     */
    public void leaveAsync(Object saved) {
        if (!(saved instanceof Map)) {
            carrier = saved;
        }
    }
}
