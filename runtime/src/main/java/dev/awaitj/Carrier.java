package dev.awaitj;

import dev.awaitj.internal.TaskSlot;
import java.util.HashMap;
import java.util.Map;

/**
 * What the {@link TaskSlot} holds: the task the running code belongs to and the context values it
 * sees. A task has one carrier for its whole life, and so does each piece of work started with
 * {@link Dispatch#call} or {@link OffLoop}. An async method started from plain code gets one the
 * first time it binds a value, shared with what it calls. Plain code outside any of these gets a
 * per-thread carrier, owned by the thread, the first time it binds a value; async methods started
 * there see a snapshot of it.
 */
final class Carrier extends TaskSlot.Context {
    static final Map<ContextValue<?>, Object> EMPTY = Map.of();

    /** The task, or {@code null} for a thread's own carrier or other work. */
    final Task<?> task;
    /** Immutable; replaced, never mutated, so copying into a spawned task is one read. */
    volatile Map<ContextValue<?>, Object> values;

    Carrier(Task<?> task, Map<ContextValue<?>, Object> values) {
        this(task, values, false);
    }

    private Carrier(Task<?> task, Map<ContextValue<?>, Object> values, boolean threadOwned) {
        super(threadOwned);
        this.task = task;
        this.values = values;
    }

    static Carrier current() {
        Object carrier = TaskSlot.get();
        return carrier instanceof Carrier ? (Carrier) carrier : null;
    }

    /**
     * The carrier a binding made now changes: the current work's, made on its first binding if it
     * has none yet (an async method started from plain code), or else the thread's own.
     */
    @SuppressWarnings("unchecked")
    static Carrier forBinding() {
        Object current = TaskSlot.get();
        if (current instanceof Carrier) {
            return (Carrier) current;
        }
        Carrier carrier = current instanceof Map
                ? new Carrier(null, (Map<ContextValue<?>, Object>) current, false)
                : new Carrier(null, EMPTY, true);
        TaskSlot.swap(carrier);
        return carrier;
    }

    /** The context values to copy into work started now. */
    @SuppressWarnings("unchecked")
    static Map<ContextValue<?>, Object> snapshot() {
        Object current = TaskSlot.get();
        if (current instanceof Carrier) {
            return ((Carrier) current).values;
        }
        return current instanceof Map ? (Map<ContextValue<?>, Object>) current : EMPTY;
    }

    /** Async work started where a thread's own carrier is current starts from these values. */
    @Override
    protected Map<?, ?> valuesNow() {
        return values;
    }

    Object put(ContextValue<?> key, Object value) {
        Map<ContextValue<?>, Object> old = values;
        Map<ContextValue<?>, Object> next = new HashMap<>(old);
        Object previous = value == null ? next.remove(key) : next.put(key, value);
        values = next.isEmpty() ? EMPTY : Map.copyOf(next);
        return previous;
    }
}
