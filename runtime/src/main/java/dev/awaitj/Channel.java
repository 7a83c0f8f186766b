package dev.awaitj;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded queue between async producers and consumers ({@code asyncio.Queue}, Kotlin's and
 * Go's channels), with backpressure and close.
 *
 * <pre>{@code
 * Channel<URI> todo = Channel.withCapacity(100);
 *
 * @Async
 * CompletableFuture<Void> produce() {
 *     for (URI uri : seeds) {
 *         await(todo.send(uri));            // waits while the channel is full
 *     }
 *     todo.close();                         // consumers drain what is left, then stop
 *     return CompletableFuture.completedFuture(null);
 * }
 *
 * @Async
 * CompletableFuture<Void> consume() {
 *     Optional<URI> next;
 *     while ((next = await(todo.receiveOptional())).isPresent()) {
 *         await(fetch(next.get()));
 *     }
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link #send} completes once the item is in the channel; when the channel is full it waits
 *     (backpressure). Capacity 0 is a rendezvous: each send waits for a receiver.</li>
 * <li>{@link #receive} completes with the oldest item, waiting while the channel is empty.</li>
 * <li>After {@link #close()}, sends fail with {@link ChannelClosedException}; receivers still
 *     get the items already in the channel, then {@code receive()} fails with
 *     {@code ChannelClosedException} and {@code receiveOptional()} completes empty. Senders
 *     waiting at close fail; their items were never accepted.</li>
 * <li>Fair: waiting senders and receivers are served in the order they came. A sender cancelled
 *     while it waits takes its item back; a receiver cancelled while it waits takes nothing, and
 *     one cancelled just after an item was handed to it gives the item back, so no item is lost
 *     or duplicated by cancellation, timeouts or {@link Futures#race}.</li>
 * <li>{@code null} items are not allowed. Thread-safe.</li>
 * </ul>
 *
 * @param <T> the item type
 */
public final class Channel<T> implements AutoCloseable {
    private final int capacity;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final ArrayDeque<Sender> senders = new ArrayDeque<>();
    private final ArrayDeque<Receiver<?>> receivers = new ArrayDeque<>();
    private boolean closed;

    private Channel(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be zero or more, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** A channel that holds up to {@code capacity} items (0: rendezvous). */
    public static <T> Channel<T> withCapacity(int capacity) {
        return new Channel<>(capacity);
    }

    /**
     * A stage that completes once {@code item} is in the channel (or handed to a receiver); fails
     * with {@link ChannelClosedException} if the channel is or gets closed first.
     */
    public CompletableFuture<Void> send(T item) {
        Objects.requireNonNull(item, "a channel does not take null items");
        Sender sender = new Sender(item);
        for (;;) {
            Receiver<?> receiver;
            synchronized (this) {
                if (closed) {
                    sender.grant();
                    sender.completeExceptionally(closedForSend());
                    return sender;
                }
                receiver = receivers.poll();
                if (receiver == null) {
                    if (buffer.size() < capacity) {
                        buffer.add(item);
                        sender.grant();
                        break;
                    }
                    senders.add(sender);
                    return sender;
                }
                receiver.grant();
            }
            receiver.deliver(item);
            sender.grant();
            break;
        }
        sender.complete(null);
        return sender;
    }

    /**
     * Puts {@code item} in the channel if that needs no waiting; returns whether it did.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public boolean trySend(T item) {
        Objects.requireNonNull(item, "a channel does not take null items");
        Receiver<?> receiver;
        synchronized (this) {
            if (closed) {
                throw closedForSend();
            }
            receiver = receivers.poll();
            if (receiver == null) {
                if (buffer.size() < capacity) {
                    buffer.add(item);
                    return true;
                }
                return false;
            }
            receiver.grant();
        }
        receiver.deliver(item);
        return true;
    }

    /**
     * A stage that completes with the oldest item, waiting while the channel is empty; fails with
     * {@link ChannelClosedException} once the channel is closed and empty.
     */
    public CompletableFuture<T> receive() {
        return receive(new Receiver<T>(false));
    }

    /**
     * Like {@link #receive()}, but completes with {@link Optional#empty()} instead of failing
     * once the channel is closed and empty: the natural loop condition for consumers.
     */
    public CompletableFuture<Optional<T>> receiveOptional() {
        return receive(new Receiver<Optional<T>>(true));
    }

    private <R> CompletableFuture<R> receive(Receiver<R> receiver) {
        Sender released = null;
        T item;
        synchronized (this) {
            item = takeLocked();
            if (item != null) {
                released = refillLocked();
            } else if (!senders.isEmpty()) {
                released = senders.poll();       // rendezvous: take straight from the sender
                released.grant();
                item = released.item;
            } else if (closed) {
                receiver.grant();
            } else {
                receivers.add(receiver);
                return receiver;
            }
            receiver.grant();
        }
        if (released != null) {
            released.complete(null);
        }
        if (item == null) {
            receiver.deliverClosed();
        } else {
            receiver.deliver(item);
        }
        return receiver;
    }

    /** The oldest item if there is one; never waits. */
    public Optional<T> tryReceive() {
        Sender released;
        T item;
        synchronized (this) {
            item = takeLocked();
            if (item != null) {
                released = refillLocked();
            } else {
                released = senders.poll();
                if (released == null) {
                    return Optional.empty();
                }
                released.grant();
                item = released.item;
            }
        }
        if (released != null) {
            released.complete(null);
        }
        return Optional.of(item);
    }

    private T takeLocked() {
        return buffer.poll();
    }

    /** Moves the longest-waiting sender's item into the space just freed. */
    private Sender refillLocked() {
        Sender sender = senders.poll();
        if (sender != null) {
            sender.grant();
            buffer.add(sender.item);
        }
        return sender;
    }

    /**
     * Closes the channel: no more sends; receivers drain what is left. Waiting senders fail and
     * waiting receivers (there are none unless the channel is empty) end. Idempotent.
     */
    @Override
    public void close() {
        List<Sender> failedSenders;
        List<Receiver<?>> ended;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            failedSenders = new ArrayList<>(senders);
            senders.clear();
            ended = new ArrayList<>(receivers);
            receivers.clear();
            failedSenders.forEach(Sender::grant);
            ended.forEach(Receiver::grant);
        }
        for (Sender sender : failedSenders) {
            sender.completeExceptionally(new ChannelClosedException(
                    "the channel was closed while send() waited; the item was not accepted"));
        }
        for (Receiver<?> receiver : ended) {
            receiver.deliverClosed();
        }
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Items in the channel now. */
    public synchronized int size() {
        return buffer.size();
    }

    /** How many items the channel holds before send() waits. */
    public int capacity() {
        return capacity;
    }

    private static ChannelClosedException closedForSend() {
        return new ChannelClosedException("send() on a closed channel: close() was called, and a"
                + " closed channel takes no more items");
    }

    /** Puts back an item a cancelled receiver will never use: to a waiting receiver, or first in line. */
    private void giveBack(T item) {
        Receiver<?> receiver;
        synchronized (this) {
            receiver = receivers.poll();
            if (receiver == null) {
                buffer.addFirst(item);
                return;
            }
            receiver.grant();
        }
        receiver.deliver(item);
    }

    private final class Sender extends Waiter<Void> {
        final T item;

        Sender(T item) {
            super(Channel.this);
            this.item = item;
        }

        @Override
        void withdraw() {
            senders.remove(this);
        }

        @Override
        boolean giveBack(Void value) {
            return false; // an accepted send cannot be taken back: it is reported as sent
        }
    }

    private final class Receiver<R> extends Waiter<R> {
        private final boolean optional;
        private T delivered;

        Receiver(boolean optional) {
            super(Channel.this);
            this.optional = optional;
        }

        @SuppressWarnings("unchecked")
        void deliver(T item) {
            delivered = item;
            complete(optional ? (R) Optional.of(item) : (R) item);
        }

        @SuppressWarnings("unchecked")
        void deliverClosed() {
            if (optional) {
                complete((R) Optional.empty());
            } else {
                completeExceptionally(new ChannelClosedException(
                        "receive() on a closed channel that has no items left"));
            }
        }

        @Override
        void withdraw() {
            receivers.remove(this);
        }

        @Override
        boolean giveBack(R value) {
            T item = delivered;
            delivered = null;
            if (item != null) {
                Channel.this.giveBack(item);
            }
            return true;
        }
    }
}
