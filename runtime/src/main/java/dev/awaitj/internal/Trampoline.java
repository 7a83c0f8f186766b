package dev.awaitj.internal;

import java.util.ArrayDeque;

/**
 * Runs resumptions iteratively. A resumed method that completes its future runs the callbacks of
 * the methods awaiting it; without the trampoline each of those would resume inside the previous
 * one's stack frame, and a chain of a million awaiting callers would overflow the stack. Here a
 * resumption requested while another runs on the same thread is queued and run when it returns.
 */
public final class Trampoline {
    private Trampoline() {
    }

    /**
     * Runs {@code task} on this thread with every resumption it triggers queued behind it and run
     * before this method returns. An event loop runs each of its steps through here.
     */
    public static void runAll(Runnable task) {
        run(ThreadState.get(), task);
    }

    /**
     * Whether the calling thread is running resumptions through here now, so a task handed to
     * {@link #runAll} would wait for the one running (a dispatch then submits rather than queue
     * its work behind somebody else's step).
     */
    public static boolean isRunning() {
        return ThreadState.get().trampolining;
    }

    /**
     * Runs {@code task} now, or after the resumption running on this thread returns; {@code state}
     * is this thread's.
     */
    static void run(ThreadState state, Runnable task) {
        if (state.trampolining) {
            state.pending.add(task);
            return;
        }
        ArrayDeque<Runnable> pending = state.pending;
        state.trampolining = true;
        try {
            Runnable next = task;
            do {
                if (next instanceof AsyncFrame) {
                    ((AsyncFrame<?>) next).resumeOn(state); // saves a second ThreadLocal lookup
                } else {
                    next.run();
                }
            } while ((next = pending.poll()) != null);
        } finally {
            state.trampolining = false;
        }
    }
}
