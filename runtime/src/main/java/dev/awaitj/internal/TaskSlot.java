package dev.awaitj.internal;

/**
 * The task the code on this thread belongs to. An {@link AsyncFrame} remembers the slot's value
 * when it is created and reinstalls it around every resumption, so "the current task" (and the
 * context values it carries) follows an async method across suspensions and threads. The value is
 * opaque here; the public runtime stores its task state in it.
 */
public final class TaskSlot {
    private TaskSlot() {
    }

    /** The calling thread's current carrier, or {@code null}. */
    public static Object get() {
        return ThreadState.get().carrier;
    }

    /** Installs {@code carrier} on the calling thread and returns the previous one. */
    public static Object swap(Object carrier) {
        ThreadState state = ThreadState.get();
        Object previous = state.carrier;
        state.carrier = carrier;
        return previous;
    }
}
