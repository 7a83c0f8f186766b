package dev.awaitj.internal;

import java.util.Map;

/**
 * The task the code on this thread belongs to, and the context values it sees. The value is
 * opaque here (the public runtime stores its task state in it), except for two shapes the rewrite
 * needs to tell apart:
 *
 * <ul>
 *   <li>a {@link Context} owned by the thread: context that plain code set on this thread, outside
 *       any async work. An async method started there starts from a snapshot of its values, as an
 *       immutable {@link Map}, and never shares the carrier itself;</li>
 *   <li>an immutable {@link Map}: async work started from plain code that has bound nothing yet.
 *       Its first binding makes it a carrier of its own.</li>
 * </ul>
 *
 * <p>The entry copy of every async method remembers the slot's value when it is called and puts
 * it back when it returns to its caller, suspended or done ({@link ThreadState#enterAsync},
 * {@link ThreadState#leaveAsync}); an {@link AsyncFrame} reinstalls the value it suspended with
 * around every resumption. So context values belong to the work that bound them: they follow an
 * async method across suspensions and threads, and nothing that later runs on the same thread
 * sees them.
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

    /**
     * What the public runtime's carriers extend, so that the entry copy can tell one that a
     * thread's plain code owns (set outside any task or started work): async methods started on
     * that thread see a snapshot of its values, never the carrier itself.
     */
    public abstract static class Context {
        final boolean threadOwned;

        protected Context(boolean threadOwned) {
            this.threadOwned = threadOwned;
        }

        /** The values now, immutable. */
        protected abstract Map<?, ?> valuesNow();
    }
}
