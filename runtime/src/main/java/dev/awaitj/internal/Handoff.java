package dev.awaitj.internal;

/**
 * A stage whose value is a resource handed over to the awaiting code — a lock permit, an item
 * taken from a channel. If the code that awaited it is cancelled after the value was handed over
 * but before it resumed, {@link AsyncFrame} throws {@code CancellationException} at the await as
 * promised and gives the value back through {@link #refused}, so a cancelled receiver never loses
 * an item and a cancelled acquirer never leaks a permit.
 */
public interface Handoff {
    /**
     * Takes back a value that was handed over but will never be used. Called at most once.
     * Returns {@code false} if the handover cannot be undone (a send the channel accepted): the
     * awaiting code is then told that it succeeded, and its cancellation is delivered at its
     * next suspension, so a retry never duplicates the item.
     */
    boolean refused(Object value);
}
