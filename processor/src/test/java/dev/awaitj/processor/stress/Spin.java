package dev.awaitj.processor.stress;

import java.util.function.BooleanSupplier;

/** Busy waiting that stays polite on a loaded two-core machine: spin briefly, then yield. */
final class Spin {
    private Spin() {
    }

    static void until(BooleanSupplier condition) {
        int spins = 0;
        while (!condition.getAsBoolean()) {
            if (++spins < 200) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** A short, varying delay, so that the two racing threads meet at every distance. */
    static void jitter(int seed) {
        int spins = (seed * 0x9E3779B9 >>> 27) & 31;
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
