package dev.awaitj;

import dev.awaitj.internal.TaskSlot;
import java.util.HashMap;
import java.util.Map;

/**
 * What the {@link TaskSlot} holds: the task the running code belongs to and the context values it
 * sees. A task has one carrier for its whole life; code outside any task gets a per-thread root
 * carrier the first time it sets a context value.
 */
final class Carrier {
    static final Map<ContextValue<?>, Object> EMPTY = Map.of();

    /** The task, or {@code null} for a thread's root carrier or off-loop work. */
    final Task<?> task;
    /** Immutable; replaced, never mutated, so copying into a spawned task is one read. */
    volatile Map<ContextValue<?>, Object> values;

    Carrier(Task<?> task, Map<ContextValue<?>, Object> values) {
        this.task = task;
        this.values = values;
    }

    static Carrier current() {
        Object carrier = TaskSlot.get();
        return carrier instanceof Carrier ? (Carrier) carrier : null;
    }

    static Carrier currentOrRoot() {
        Carrier carrier = current();
        if (carrier == null) {
            carrier = new Carrier(null, EMPTY);
            TaskSlot.swap(carrier);
        }
        return carrier;
    }

    /** The context values to copy into work started now. */
    static Map<ContextValue<?>, Object> snapshot() {
        Carrier carrier = current();
        return carrier == null ? EMPTY : carrier.values;
    }

    Object put(ContextValue<?> key, Object value) {
        Map<ContextValue<?>, Object> old = values;
        Map<ContextValue<?>, Object> next = new HashMap<>(old);
        Object previous = value == null ? next.remove(key) : next.put(key, value);
        values = next.isEmpty() ? EMPTY : Map.copyOf(next);
        return previous;
    }
}
