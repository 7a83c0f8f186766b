package dev.awaitj;

import java.util.Objects;

/**
 * A value that belongs to the current task, like Python's {@code contextvars.ContextVar} or .NET's
 * {@code AsyncLocal}: it follows the task across every suspension, whatever thread the task
 * resumes on, and a task spawned (or work sent off the loop) copies the values of the code that
 * spawned it, so its own changes stay its own.
 *
 * <pre>{@code
 * static final ContextValue<String> REQUEST_ID = ContextValue.named("requestId");
 *
 * @Async
 * CompletableFuture<Void> handle(Request request) {
 *     try (var bound = REQUEST_ID.bind(request.id())) {
 *         await(Time.sleep(Duration.ofMillis(10)));
 *         log(REQUEST_ID.get() + " done");           // still this request's id
 *     }
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <p>The value belongs to the work, never to the thread: an async method called directly (not
 * spawned) shares its caller's task and so sees and changes the same values, as a coroutine
 * awaited directly shares its task's context in asyncio; a {@link Task}, a
 * {@link Dispatch#call} and {@link OffLoop} work each start from a copy. An async method started
 * from plain code (a framework callback on a Netty thread, adopted or not, or any other thread)
 * starts from a copy of what that plain code sees, and what it binds is its own and its callees':
 * nothing that later runs on the same thread sees it. Plain code outside any async work has one
 * set of values per thread. Plain {@code CompletionStage} callbacks ({@code thenApply} and
 * friends) run with whatever the completing thread has; context follows {@code @Async} code and
 * tasks.
 *
 * @param <T> the value's type
 */
public final class ContextValue<T> {
    private final String name;
    private final T defaultValue;

    private ContextValue(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /** A context value with no default: {@link #get()} returns {@code null} where it is unset. */
    public static <T> ContextValue<T> named(String name) {
        return new ContextValue<>(name, null);
    }

    /** A context value that reads as {@code defaultValue} where it is unset. */
    public static <T> ContextValue<T> withDefault(String name, T defaultValue) {
        return new ContextValue<>(name, defaultValue);
    }

    /** The name given at creation; for diagnostics only (two values may share a name). */
    public String name() {
        return name;
    }

    /** The current task's value, or the default if it is unset. */
    @SuppressWarnings("unchecked")
    public T get() {
        Object value = Carrier.snapshot().get(this);
        return value == null ? defaultValue : (T) value;
    }

    /** Whether the current task has a value set (the default does not count). */
    public boolean isSet() {
        return Carrier.snapshot().containsKey(this);
    }

    /**
     * Sets the current task's value ({@code null} unsets it) and returns the previous one (or
     * {@code null} if it was unset). Prefer {@link #bind} to restore the previous value reliably.
     */
    @SuppressWarnings("unchecked")
    public T set(T value) {
        return (T) Carrier.forBinding().put(this, value);
    }

    /**
     * Sets the value for the current task until the returned binding is closed, which restores
     * the previous one; use with try-with-resources. The binding may be closed on another thread
     * than the one that made it (the task may have resumed elsewhere): it restores the value in
     * the task that bound it.
     */
    public Binding bind(T value) {
        Carrier carrier = Carrier.forBinding();
        boolean wasSet = carrier.values.containsKey(this);
        Object previous = carrier.put(this, value);
        return new Binding(carrier, this, wasSet ? previous : null);
    }

    @Override
    public String toString() {
        return "ContextValue[" + name + "]";
    }

    /** A value set by {@link #bind}; {@link #close()} restores the previous one. */
    public static final class Binding implements AutoCloseable {
        private final Carrier carrier;
        private final ContextValue<?> key;
        private final Object previous;
        private boolean closed;

        private Binding(Carrier carrier, ContextValue<?> key, Object previous) {
            this.carrier = carrier;
            this.key = key;
            this.previous = previous;
        }

        /** Restores the value that was current when the binding was made. Idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                carrier.put(key, previous);
            }
        }
    }
}
