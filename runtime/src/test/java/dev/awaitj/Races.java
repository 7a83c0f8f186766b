package dev.awaitj;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs two actions as close together as possible, one on a second thread and one on the caller's,
 * each after a short spin that varies with the run number, so repeated runs cover both orders and
 * the overlaps between them. The second thread is a daemon shared by the tests that race.
 */
final class Races {
    private static final ExecutorService OTHER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "race-other");
        thread.setDaemon(true);
        return thread;
    });

    private Races() {
    }

    /** Runs {@code there} on the other thread and {@code here} on this one; returns when both ran. */
    static void race(Runnable there, Runnable here, int run) throws Exception {
        Future<?> done = OTHER.submit(() -> {
            for (int i = run % 7; i > 0; i--) {
                Thread.onSpinWait();
            }
            there.run();
        });
        for (int i = run % 5; i > 0; i--) {
            Thread.onSpinWait();
        }
        here.run();
        done.get();
    }
}
