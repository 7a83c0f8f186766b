package dev.awaitj.internal;

import java.util.ArrayDeque;

/**
 * Runs resumptions iteratively. A resumed method that completes its future runs the callbacks of
 * the methods awaiting it; without the trampoline each of those would resume inside the previous
 * one's stack frame, and a chain of a million awaiting callers would overflow the stack. Here a
 * resumption requested while another runs on the same thread is queued and run when it returns.
 */
public final class Trampoline {
    private static final ThreadLocal<Trampoline> CURRENT = ThreadLocal.withInitial(Trampoline::new);

    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private boolean running;

    private Trampoline() {
    }

    /** Resumes {@code frame} now, or after the resumption running on this thread returns. */
    static void resume(Runnable frame) {
        CURRENT.get().run(frame);
    }

    /**
     * Runs {@code task} on this thread with every resumption it triggers queued behind it and run
     * before this method returns. An event loop runs each of its steps through here.
     */
    public static void runAll(Runnable task) {
        CURRENT.get().run(task);
    }

    private void run(Runnable task) {
        if (running) {
            pending.add(task);
            return;
        }
        running = true;
        try {
            Runnable next = task;
            do {
                next.run();
            } while ((next = pending.poll()) != null);
        } finally {
            running = false;
        }
    }
}
