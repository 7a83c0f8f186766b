package dev.awaitj.concurrency;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What lincheck explored for one test class: how many invocations (one interleaving each) ran,
 * and how often each distinct outcome was reached. Tests assert that the outcomes they were
 * written to reach were reached, so that a tester that stopped exploring (a JDK it cannot
 * instrument, a scenario that no longer races) fails rather than passing vacuously; and they
 * print the counts, which the module's documentation records.
 */
final class Exploration {
    /**
     * Where the records live: not in a static field, because lincheck restores every static
     * field (and what it reaches) after each invocation; the system properties it leaves alone.
     */
    private static final String KEY = "awaitj.lincheck.exploration.";

    private final String test;
    private final AtomicLong invocations = new AtomicLong();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

    private Exploration(String test) {
        this.test = test;
    }

    /** The record of {@code test}, started empty by {@link #reset}. */
    static Exploration of(String test) {
        return (Exploration) System.getProperties().computeIfAbsent(KEY + test, k -> new Exploration(test));
    }

    /** Starts {@code test}'s record afresh. */
    static Exploration reset(String test) {
        Exploration fresh = new Exploration(test);
        System.getProperties().put(KEY + test, fresh);
        return fresh;
    }

    /** Counts one invocation that ended in {@code outcome}. */
    void reached(String outcome) {
        invocations.incrementAndGet();
        outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    long invocations() {
        return invocations.get();
    }

    Set<String> outcomes() {
        return outcomes.keySet();
    }

    /** Prints the record, and fails unless every outcome in {@code expected} was reached. */
    void report(String... expected) {
        StringBuilder text = new StringBuilder();
        text.append("[lincheck] ").append(test).append(": ").append(invocations.get())
                .append(" invocations, ").append(outcomes.size()).append(" distinct outcomes\n");
        new TreeMap<>(outcomes).forEach((outcome, count) ->
                text.append("    ").append(count.get()).append("  ").append(outcome).append('\n'));
        System.out.print(text);
        for (String outcome : expected) {
            if (!outcomes.containsKey(outcome)) {
                throw new AssertionError("lincheck never reached the outcome \"" + outcome
                        + "\" it is meant to explore; reached:\n" + text);
            }
        }
    }
}
