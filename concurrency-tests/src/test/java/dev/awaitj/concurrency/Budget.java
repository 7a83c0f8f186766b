package dev.awaitj.concurrency;

/**
 * How much lincheck explores: the default run is sized for CI (the module in well under two
 * minutes on two cores); {@code -Dawaitj.lincheck.scale=N} multiplies every budget for a long run.
 */
final class Budget {
    private static final int SCALE = Integer.getInteger("awaitj.lincheck.scale", 1);

    private Budget() {
    }

    /** Invocations (interleavings) per scenario: {@code base} times the scale. */
    static int invocations(int base) {
        return base * SCALE;
    }

    /** Random scenarios per test: {@code base} times the scale. */
    static int iterations(int base) {
        return base * SCALE;
    }
}
