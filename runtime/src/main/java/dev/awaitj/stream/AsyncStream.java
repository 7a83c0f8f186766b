package dev.awaitj.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A sequence of values produced by async code and consumed with {@code await}: C#'s
 * {@code IAsyncEnumerable}, Kotlin's {@code Flow}, Python's async generators.
 *
 * <pre>{@code
 * AsyncStream<String> titles = AsyncStream.of(out -> {
 *     for (URI uri : uris) {
 *         String page = await(fetch(uri));
 *         await(out.emit(title(page)));        // waits until the consumer wants the next one
 *     }
 *     return AsyncStream.done();
 * });
 *
 * @Async
 * CompletableFuture<Void> report() {
 *     await(titles.filter(t -> !t.isEmpty()).take(10).forEach(System.out::println));
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <ul>
 * <li><b>Cold.</b> Nothing runs until the stream is consumed; each consumption ({@link #collect},
 *     a terminal operation, an {@link #iterator()}) runs the producer anew.</li>
 * <li><b>Back-pressure.</b> Each emit waits until the consumer wants the next value, so a slow
 *     consumer never makes a producer buffer.</li>
 * <li><b>Push inside, pull outside.</b> Operators and terminal operations hand each value down a
 *     chain of calls inside the producer's emit, so a value that every stage takes at once costs
 *     calls, no allocation and no handshake; {@link #iterator()} is for consumers that want to
 *     pull in a loop.</li>
 * <li><b>Failures</b> of the producer reach the consumer unwrapped; a failure of the consumer
 *     (an operator's function, a {@code forEach} body) fails the producer's emit, so its
 *     {@code finally} blocks run, and then reaches the consumer.</li>
 * <li><b>Stopping early</b> ({@link #take}, {@link #first}, {@link #takeWhile}, closing an
 *     iterator) and <b>cancelling</b> the consumer's future resume the producer with a
 *     {@link java.util.concurrent.CancellationException} at the await it waits at, so its
 *     {@code finally} blocks run.</li>
 * <li><b>Where code runs.</b> The producer starts on the consumer's thread. Every piece of user
 *     code in the stream (the producer after each await, the functions given to operators,
 *     {@code forEach} bodies, fold steps) runs where the consumer runs: on its event loop or
 *     {@code Dispatch}, in its task, with its context values, also when another thread completed
 *     a stage it waited for (a publisher's thread, a channel's sender, an HTTP client's). Off any
 *     loop it runs on the thread that completed the stage, in the consumer's task.</li>
 * <li>Values are never {@code null}. A stream may be consumed any number of times, concurrently;
 *     each consumption is sequential.</li>
 * </ul>
 *
 * @param <T> the value type
 */
public final class AsyncStream<T> {
    private final Producer<T> producer;

    private AsyncStream(Producer<T> producer) {
        this.producer = producer;
    }

    // ---- making streams ----

    /**
     * A stream whose values {@code producer} emits; it runs once per consumption.
     *
     * <p>Java infers {@code T} from the lambda's parameter, not from what it emits, and not from
     * a method called on the result: {@code AsyncStream.of(out -> ...).toList()} is a stream of
     * {@code Object}. Name the type where the stream is made:
     * <pre>{@code
     * List<String> names = await(AsyncStream.<String>of(out -> {
     *     await(out.emit("a"));
     *     return AsyncStream.done();
     * }).toList());
     * AsyncStream<String> same = AsyncStream.of((Emitter<String> out) -> ...);
     * AsyncStream<String> also = AsyncStream.of(out -> ...);   // a typed target infers too
     * }</pre>
     *
     * @param producer an async lambda that emits through its argument and returns
     *     {@link #done()} (or any stage) when it has emitted the last value
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> of(Producer<T> producer) {
        return new AsyncStream<>(Objects.requireNonNull(producer, "producer"));
    }

    /**
     * What a producer returns when it has emitted its last value: a completed stage.
     *
     * @return a completed stage
     */
    public static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * A stream of the given values.
     *
     * @param values the values, none {@code null}
     * @param <T> the value type
     * @return the stream
     */
    @SafeVarargs
    public static <T> AsyncStream<T> values(T... values) {
        List<T> copy = List.of(values);
        return from(copy);
    }

    /**
     * A stream with no values.
     *
     * @param <T> the value type
     * @return the empty stream
     */
    public static <T> AsyncStream<T> empty() {
        return new AsyncStream<>(out -> done());
    }

    /**
     * A stream of what {@code iterable} yields; each consumption iterates it anew.
     *
     * @param iterable the values, none {@code null}
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> from(Iterable<? extends T> iterable) {
        Objects.requireNonNull(iterable, "iterable");
        return new AsyncStream<>(new IteratorProducer<>(iterable::iterator, null));
    }

    /**
     * A stream of what a {@code java.util.stream.Stream} yields, consumed lazily, one element per
     * emit. A {@code Stream} can be traversed once, so the result can be consumed once; the
     * {@code Stream} is closed when the stream ends, fails, or its consumer stops.
     *
     * @param stream the values, none {@code null}
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> from(Stream<? extends T> stream) {
        Objects.requireNonNull(stream, "stream");
        return new AsyncStream<>(new IteratorProducer<T>(stream::iterator, stream::close));
    }

    // ---- consuming ----

    /**
     * Runs the producer, handing each value to {@code consumer} and waiting for the stage it
     * returns before the next. The primitive every other operation is built on: Kotlin Flow's
     * {@code collect}, not {@code java.util.stream.Stream.collect(Collector)}, which is a
     * reduction (for that, {@link #toList}, {@link #fold}, {@link #reduce}).
     *
     * <pre>{@code
     * await(lines.collect(line -> writer.write(line)));   // each write's stage before the next line
     * }</pre>
     *
     * @param consumer receives each value; its stage completing means "send the next"
     * @return completes when the producer is done; cancelling it cancels the producer
     */
    public CompletableFuture<Void> collect(Emitter<? super T> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return Collecting.start(producer, consumer, () -> null, null);
    }

    /**
     * An iterator over a new consumption of this stream, for pulling in a loop.
     *
     * @return the iterator; close it when stopping early
     * @see AsyncIterator
     */
    public AsyncIterator<T> iterator() {
        return new PullIterator<>(this);
    }

    /**
     * Runs {@code action} on each value.
     *
     * @param action what to do with each value
     * @return completes when the stream has ended
     */
    public CompletableFuture<Void> forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return collect(value -> {
            action.accept(value);
            return Stages.DONE;
        });
    }

    /**
     * Runs the async {@code action} on each value, the next value only once the stage of the
     * previous one has completed.
     *
     * @param action what to do with each value, as a stage
     * @return completes when the stream has ended and the last action has completed
     */
    public CompletableFuture<Void> forEachAsync(Function<? super T, ? extends CompletionStage<?>> action) {
        Objects.requireNonNull(action, "action");
        return collect(value -> Stages.compose(Returned.stage(action.apply(value), "forEachAsync", value),
                ignored -> Stages.DONE));
    }

    /**
     * The stream's values in a list.
     *
     * @return completes with the values, in order
     */
    public CompletableFuture<List<T>> toList() {
        List<T> values = new ArrayList<>();
        return Collecting.start(producer, value -> {
            values.add(value);
            return Stages.DONE;
        }, () -> values, null);
    }

    /**
     * Folds the values into one, from {@code initial}.
     *
     * <pre>{@code
     * int total = await(sizes.fold(0, Integer::sum));
     * }</pre>
     *
     * @param initial the result for an empty stream
     * @param step combines the result so far with the next value
     * @param <R> the result type
     * @return completes with the folded result
     */
    public <R> CompletableFuture<R> fold(R initial, BiFunction<? super R, ? super T, ? extends R> step) {
        Objects.requireNonNull(step, "step");
        Object[] acc = {initial};
        return Collecting.start(producer, value -> {
            @SuppressWarnings("unchecked")
            R sofar = (R) acc[0];
            acc[0] = step.apply(sofar, value);
            return Stages.DONE;
        }, () -> {
            @SuppressWarnings("unchecked")
            R result = (R) acc[0];
            return result;
        }, null);
    }

    /**
     * Combines the values into one, the first value being the start (Java's
     * {@code Stream.reduce(BinaryOperator)}).
     *
     * <pre>{@code
     * Optional<Integer> largest = await(sizes.reduce(Math::max));
     * }</pre>
     *
     * @param step combines the result so far with the next value; never returns {@code null}
     * @return completes with the combined value, or empty for an empty stream
     */
    public CompletableFuture<Optional<T>> reduce(BinaryOperator<T> step) {
        Objects.requireNonNull(step, "step");
        Object[] acc = {null};
        return Collecting.start(producer, value -> {
            @SuppressWarnings("unchecked")
            T sofar = (T) acc[0];
            acc[0] = sofar == null ? value : Returned.value(step.apply(sofar, value), "reduce", value);
            return Stages.DONE;
        }, () -> {
            @SuppressWarnings("unchecked")
            T result = (T) acc[0];
            return Optional.ofNullable(result);
        }, null);
    }

    /**
     * The number of values.
     *
     * @return completes with the count
     */
    public CompletableFuture<Long> count() {
        long[] count = {0};
        return Collecting.start(producer, value -> {
            count[0]++;
            return Stages.DONE;
        }, () -> count[0], null);
    }

    /**
     * The first value, if any; the producer is stopped once it has emitted it.
     *
     * @return completes with the first value, or empty for an empty stream
     */
    public CompletableFuture<Optional<T>> first() {
        StreamAbort enough = new StreamAbort("first() has its value");
        List<T> first = new ArrayList<>(1);
        return Collecting.start(producer, value -> {
            first.add(value);
            return Stages.failed(enough);
        }, () -> first.stream().findFirst(), enough);
    }

    // ---- intermediate operations ----

    /**
     * A stream of {@code mapper} applied to each value.
     *
     * @param mapper the function, never returning {@code null}
     * @param <R> the new value type
     * @return the mapped stream
     */
    public <R> AsyncStream<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new AsyncStream<>(out -> collect(value -> out.emit(Returned.value(mapper.apply(value), "map", value))));
    }

    /**
     * A stream of the values of the stages {@code mapper} returns, in order, one at a time.
     *
     * @param mapper the async function
     * @param <R> the new value type
     * @return the mapped stream
     */
    public <R> AsyncStream<R> mapAsync(Function<? super T, ? extends CompletionStage<R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new AsyncStream<>(out -> collect(value -> Stages.compose(Returned.stage(mapper.apply(value), "mapAsync", value),
                mapped -> out.emit(Returned.stageValue(mapped, "mapAsync", value)))));
    }

    /**
     * The values that match {@code predicate}.
     *
     * @param predicate which values to keep
     * @return the filtered stream
     */
    public AsyncStream<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new AsyncStream<>(out -> collect(value -> predicate.test(value) ? out.emit(value) : Stages.DONE));
    }

    /**
     * The first {@code count} values; the producer is stopped once it has emitted them (and not
     * started at all for {@code take(0)}).
     *
     * @param count how many values to take, at least 0
     * @return the shortened stream
     */
    public AsyncStream<T> take(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("take(" + count + "): the count must be at least 0");
        }
        return new AsyncStream<>(out -> {
            if (count == 0) {
                return done();
            }
            StreamAbort enough = new StreamAbort("take(" + count + ") has its values");
            long[] taken = {0};
            return Collecting.start(producer, value -> {
                CompletionStage<Void> sent = out.emit(value);
                return ++taken[0] < count ? sent : Stages.compose(sent, ignored -> Stages.failed(enough));
            }, () -> null, enough);
        });
    }

    /**
     * The values up to the first that does not match {@code predicate}; the producer is stopped
     * at that one.
     *
     * @param predicate which values to keep taking
     * @return the shortened stream
     */
    public AsyncStream<T> takeWhile(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new AsyncStream<>(out -> {
            StreamAbort enough = new StreamAbort("takeWhile() met a value that ends it");
            return Collecting.start(producer, value -> predicate.test(value) ? out.emit(value)
                    : Stages.failed(enough), () -> null, enough);
        });
    }

    /**
     * All values but the first {@code count}.
     *
     * @param count how many values to skip, at least 0
     * @return the stream without them
     */
    public AsyncStream<T> drop(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("drop(" + count + "): the count must be at least 0");
        }
        return new AsyncStream<>(out -> {
            long[] seen = {0};
            return collect(value -> seen[0]++ < count ? Stages.DONE : out.emit(value));
        });
    }

    /**
     * This stream's values, then {@code next}'s.
     *
     * @param next the stream to continue with
     * @return the concatenation
     */
    public AsyncStream<T> concat(AsyncStream<? extends T> next) {
        Objects.requireNonNull(next, "next");
        return new AsyncStream<>(out -> Stages.compose(collect(out), ignored -> next.collect(out)));
    }

    /**
     * The values of the streams {@code mapper} makes of each value, one stream after the other.
     *
     * @param mapper makes a stream of each value
     * @param <R> the new value type
     * @return the flattened stream
     */
    public <R> AsyncStream<R> flatMap(Function<? super T, ? extends AsyncStream<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new AsyncStream<>(out -> collect(value -> Returned.stream(mapper.apply(value), "flatMap", value).collect(out)));
    }

    /**
     * Lets the producer run up to {@code capacity} values ahead of the consumer: its emits
     * complete at once while fewer than {@code capacity} values wait in the buffer, so a producer
     * that suspends (I/O) and a consumer that suspends overlap instead of taking turns. The
     * values are delivered in order; the producer's failure is delivered after the values it
     * emitted before it. When the consumer stops early, fails or is cancelled, the buffered values
     * are dropped and the producer is cancelled at its await, so its {@code finally} blocks run,
     * before the consumer's {@code await} resumes.
     *
     * <pre>{@code
     * await(pages.buffer(8).forEachAsync(page -> store(page)));   // fetch ahead while storing
     * }</pre>
     *
     * @param capacity how many values may wait, at least 1
     * @return the buffered stream
     */
    public AsyncStream<T> buffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer(" + capacity + "): the capacity must be at least 1");
        }
        return new AsyncStream<>(new RunAhead<T, T>(this, capacity, null));
    }

    /**
     * {@code mapper}'s results, with up to {@code concurrency} calls running at once, in the order
     * of the values (not the order they finish): the stream form of a bounded
     * {@code Futures.all}. {@code mapper} is called for the next value while fewer than
     * {@code concurrency} results are running or wait to be taken. A failed result fails the
     * stream (after the results before it) and cancels the calls still running and the producer.
     * When the consumer stops early, fails or is cancelled, the running calls and the producer are
     * cancelled, and the consumer's {@code await} resumes once the producer has finished its
     * {@code finally} blocks.
     *
     * <pre>{@code
     * AsyncStream<Page> pages = urls.mapConcurrent(4, url -> fetch(url));   // 4 fetches in flight
     * }</pre>
     *
     * @param concurrency the most calls running at once, at least 1
     * @param mapper starts the work for a value
     * @param <R> the result type
     * @return the stream of results, in order
     */
    public <R> AsyncStream<R> mapConcurrent(int concurrency,
            Function<? super T, ? extends CompletionStage<R>> mapper) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("mapConcurrent(" + concurrency + "): the concurrency must be at least 1");
        }
        Objects.requireNonNull(mapper, "mapper");
        return new AsyncStream<>(new RunAhead<T, R>(this, concurrency, mapper));
    }

    /**
     * Fails the stream with {@link java.util.concurrent.TimeoutException} if the producer takes
     * longer than {@code timeout} to emit a value (or, after its last value, to end): the first
     * from the start, each later one from the moment the consumer asked for it (time the consumer
     * spends on a value does not count).
     * On the timeout the producer is cancelled at the await it waits at, its {@code finally}
     * blocks run, and then the consumer sees the {@code TimeoutException}. Timers are the event
     * loop's (virtual under {@code TestEventLoop}).
     *
     * <pre>{@code
     * try {
     *     await(ticks.timeoutEach(Duration.ofSeconds(5)).forEach(this::show), TimeoutException.class);
     * } catch (TimeoutException silent) { ... }
     * }</pre>
     *
     * @param timeout the longest wait for each value
     * @return the stream with a deadline per value
     */
    public AsyncStream<T> timeoutEach(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new AsyncStream<>(new TimeoutEach<>(this, timeout));
    }

    /**
     * Fails the stream with {@link java.util.concurrent.TimeoutException} if it has not ended
     * within {@code timeout} of its start, the consumer's time included ({@code Time.withTimeout}
     * over one run of the stream). The producer is cancelled at its await and its
     * {@code finally} blocks run before the consumer sees the timeout.
     *
     * @param timeout the longest the whole stream may take
     * @return the stream with a deadline
     */
    public AsyncStream<T> withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new AsyncStream<>(out -> dev.awaitj.Time.withTimeout(collect(out), timeout));
    }

    // ---- interop (i14-flow): Flow, Channel, Futures.asCompleted; delegating methods only ----

    /**
     * This stream as a {@link java.util.concurrent.Flow.Publisher}: each subscriber gets its own
     * run of the producer, started when it subscribes, delivering only as far as it
     * requested; {@code cancel} stops the producer at its pending emit, so its {@code finally}
     * blocks run. Passes the Reactive Streams TCK.
     *
     * @return a publisher of this stream's values
     */
    public java.util.concurrent.Flow.Publisher<T> toPublisher() {
        return new StreamPublisher<>(this);
    }

    /**
     * A stream of what {@code publisher} publishes, one subscription per consumption, with a
     * buffer of {@value #DEFAULT_BUFFER} values (see {@link #fromPublisher(java.util.concurrent.Flow.Publisher, int)}).
     *
     * @param publisher the values
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> fromPublisher(java.util.concurrent.Flow.Publisher<? extends T> publisher) {
        return fromPublisher(publisher, DEFAULT_BUFFER);
    }

    /** The buffer of {@link #fromPublisher(java.util.concurrent.Flow.Publisher)}. */
    public static final int DEFAULT_BUFFER = 64;

    /**
     * A stream of what {@code publisher} publishes, one subscription per consumption. At most
     * {@code buffer} values are requested ahead of the consumer (first {@code buffer}, then half
     * as many each time it has taken half); the subscription is cancelled when the consumer stops
     * early, fails or is cancelled, and the publisher's {@code onError} ends the stream with that
     * exception, unwrapped.
     *
     * @param publisher the values
     * @param buffer how many values may be requested ahead, at least 1
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> fromPublisher(java.util.concurrent.Flow.Publisher<? extends T> publisher,
            int buffer) {
        return new AsyncStream<>(new PublisherProducer<T>(publisher, buffer));
    }

    /**
     * A hot stream that drains {@code channel}: each value is one {@code receive}, and the stream
     * ends when the channel is closed and empty. Unlike {@code from(Iterable)}, consuming it
     * again does not start over: values taken by one consumption are gone for any other, and a
     * consumer that stops early leaves the rest in the channel.
     *
     * <pre>{@code
     * await(AsyncStream.drain(finished).forEach(page -> show(page)));
     * }</pre>
     *
     * @param channel where the values come from
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> drain(dev.awaitj.Channel<T> channel) {
        Objects.requireNonNull(channel, "channel");
        return new AsyncStream<>(new PollingProducer<T>(() -> channel::receiveOptional));
    }

    /**
     * {@link #drain(dev.awaitj.Channel)}, under a name that reads like the cold
     * {@code from(Iterable)}; this stream is hot.
     *
     * @param channel where the values come from
     * @param <T> the value type
     * @return the stream
     * @deprecated a call site cannot tell that this stream is hot; use {@link #drain(dev.awaitj.Channel)}
     */
    @Deprecated
    public static <T> AsyncStream<T> from(dev.awaitj.Channel<T> channel) {
        return drain(channel);
    }

    /**
     * The outcomes of {@code stages} in the order they finish, as a stream (the stream form of
     * {@link dev.awaitj.Futures#asCompleted}); a failed stage ends the stream with its exception.
     *
     * @param stages the stages
     * @param <T> the value type
     * @return the stream; each consumption waits on the same stages
     */
    public static <T> AsyncStream<T> asCompleted(java.util.Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletableFuture<T>> slots = dev.awaitj.Futures.asCompleted(stages);
        return new AsyncStream<>(new PollingProducer<T>(() -> {
            java.util.Iterator<CompletableFuture<T>> it = slots.iterator();
            return () -> it.hasNext()
                    ? it.next().thenApply(Optional::of)
                    : CompletableFuture.completedFuture(Optional.empty());
        }));
    }

    /**
     * Sends each value into {@code channel}, waiting while it is full (its capacity is the
     * back-pressure); does not close it.
     *
     * @param channel where the values go
     * @return completes when every value was sent; fails with the channel's
     *     {@code ChannelClosedException} if it was closed first
     */
    public CompletableFuture<Void> sendTo(dev.awaitj.Channel<? super T> channel) {
        Objects.requireNonNull(channel, "channel");
        return collect(channel::send);
    }
    // ---- end of interop (i14-flow) ----
}
