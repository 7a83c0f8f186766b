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
     * Fails the stream with {@link dev.awaitj.TimedOutException} (unchecked) if the producer takes
     * longer than {@code timeout} to emit a value (or, after its last value, to end): the first
     * from the start, each later one from the moment the consumer asked for it (time the consumer
     * spends on a value does not count).
     * On the timeout the producer is cancelled at the await it waits at, its {@code finally}
     * blocks run, and then the consumer sees the {@code TimedOutException}. Timers are the event
     * loop's (virtual under {@code TestEventLoop}).
     *
     * <pre>{@code
     * try {
     *     await(ticks.timeoutEach(Duration.ofSeconds(5)).forEach(this::show));
     * } catch (TimedOutException silent) { ... }
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
     * Fails the stream with {@link dev.awaitj.TimedOutException} if it has not ended
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

    // ---- Kotlin Flow's operator set (i19-operators): one file per family, delegating methods only ----

    // -- transforming (Transforming.java) --

    /**
     * This stream, with {@code action} run on each value before it is passed on (Kotlin's
     * {@code onEach}; see {@link #onEachAsync} for an action that waits).
     *
     * <pre>{@code
     * await(orders.onEach(o -> log.info("order {}", o)).forEachAsync(this::ship));
     * }</pre>
     *
     * @param action what to do with each value
     * @return the stream with the action
     */
    public AsyncStream<T> onEach(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return new AsyncStream<>(Transforming.onEach(this, action));
    }

    /**
     * This stream, each value passed on once the stage {@code action} returns for it has
     * completed (Kotlin's suspending {@code onEach}).
     *
     * @param action what to do with each value, as a stage
     * @return the stream with the action
     */
    public AsyncStream<T> onEachAsync(Function<? super T, ? extends CompletionStage<?>> action) {
        Objects.requireNonNull(action, "action");
        return new AsyncStream<>(Transforming.onEachAsync(this, action));
    }

    /**
     * {@code initial}, then each result of folding the next value into the previous result
     * (Kotlin's {@code scan}, Reactor's {@code scan(initial, f)}).
     *
     * <pre>{@code
     * AsyncStream<Integer> runningTotal = amounts.scan(0, Integer::sum);   // 0, a1, a1+a2, ...
     * }</pre>
     *
     * @param initial the first value, not {@code null}
     * @param step combines the result so far with the next value; never returns {@code null}
     * @param <R> the result type
     * @return the stream of running results
     */
    public <R> AsyncStream<R> scan(R initial, BiFunction<? super R, ? super T, ? extends R> step) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(step, "step");
        return new AsyncStream<>(Transforming.scan(this, initial, step));
    }

    /**
     * The values from the first that does not match {@code predicate} on.
     *
     * @param predicate which leading values to skip
     * @return the stream without them
     */
    public AsyncStream<T> dropWhile(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new AsyncStream<>(Transforming.dropWhile(this, predicate));
    }

    /**
     * The values that differ ({@code equals}) from the one before them.
     *
     * @return the stream without repeats in a row
     */
    public AsyncStream<T> distinctUntilChanged() {
        return new AsyncStream<>(Transforming.distinctUntilChanged(this, Function.identity()));
    }

    /**
     * The values whose {@code key} differs from the previous value's (Kotlin's
     * {@code distinctUntilChangedBy}).
     *
     * @param key what to compare
     * @param <K> the key type
     * @return the stream without repeats in a row
     */
    public <K> AsyncStream<T> distinctUntilChanged(Function<? super T, ? extends K> key) {
        Objects.requireNonNull(key, "key");
        return new AsyncStream<>(Transforming.distinctUntilChanged(this, key));
    }

    /**
     * The values for which the stage {@code predicate} returns completes {@code true}, in order,
     * one at a time (Kotlin's suspending {@code filter}).
     *
     * @param predicate which values to keep, as a stage
     * @return the filtered stream
     */
    public AsyncStream<T> filterAsync(Function<? super T, ? extends CompletionStage<Boolean>> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new AsyncStream<>(Transforming.filterAsync(this, predicate));
    }

    /**
     * Each value with its position, from 0.
     *
     * @return the indexed stream
     */
    public AsyncStream<Indexed<T>> withIndex() {
        return new AsyncStream<>(Transforming.withIndex(this));
    }

    /**
     * The values in lists of {@code size}, the last one shorter if the values run out (Kotlin's
     * {@code chunked}, Reactor's {@code buffer(n)}).
     *
     * @param size the list size, at least 1
     * @return the stream of lists
     */
    public AsyncStream<List<T>> chunked(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunked(" + size + "): the size must be at least 1");
        }
        return new AsyncStream<>(Transforming.chunked(this, size));
    }

    // -- lifecycle (Lifecycle.java) --

    /**
     * This stream, after {@code action} has run (and emitted what it emits) at the start of each
     * consumption (Kotlin's {@code onStart}).
     *
     * <pre>{@code
     * AsyncStream<String> lines = body.onStart(out -> out.emit("header"));
     * }</pre>
     *
     * @param action a producer that runs first
     * @return the stream with the action
     */
    public AsyncStream<T> onStart(Producer<T> action) {
        Objects.requireNonNull(action, "action");
        return of(action).concat(this);
    }

    /**
     * This stream, with {@code action} run once it has ended: with {@code null} after a normal
     * end, when it may still emit; with the failure after a failure, a stop ({@code take} has
     * enough: a {@code CancellationException}) or the consumer's cancellation, when it may not
     * emit (Kotlin's {@code onCompletion}). The action runs after the upstream's
     * {@code finally} blocks; a failure of the action after a failure is added to it as suppressed.
     *
     * <pre>{@code
     * stream.onCompletion((failure, out) -> {
     *     log.info("done: {}", failure == null ? "ok" : failure);
     *     return AsyncStream.done();
     * });
     * }</pre>
     *
     * @param action what to run at the end, with the failure or {@code null}
     * @return the stream with the action
     */
    public AsyncStream<T> onCompletion(
            BiFunction<? super Throwable, ? super Emitter<T>, ? extends CompletionStage<?>> action) {
        Objects.requireNonNull(action, "action");
        return new AsyncStream<>(Lifecycle.onCompletion(this, action));
    }

    /**
     * This stream, with a failure of the upstream handed to {@code handler}, which may emit more
     * values, end normally (the stream ends there) or fail (Kotlin's {@code catch}; named
     * {@code catchError} because {@code catch} is a Java keyword). Like Kotlin's, it is
     * transparent downstream: failures of later operators and of the consumer, and
     * cancellations, pass through untouched.
     *
     * <pre>{@code
     * AsyncStream<Quote> quotes = live.catchError((e, out) -> out.emit(Quote.STALE));
     * }</pre>
     *
     * @param handler gets the upstream's failure and an emitter
     * @return the stream that recovers
     */
    public AsyncStream<T> catchError(
            BiFunction<? super Throwable, ? super Emitter<T>, ? extends CompletionStage<?>> handler) {
        Objects.requireNonNull(handler, "handler");
        return new AsyncStream<>(Lifecycle.catchError(this, handler));
    }

    /**
     * This stream, consumed again from the start when it fails, up to {@code retries} times
     * (Kotlin's {@code retry}); values already emitted stay emitted. Only the upstream's own
     * failures are retried, never the downstream's or a cancellation.
     *
     * @param retries how many times to start again, at least 0
     * @return the retrying stream
     */
    public AsyncStream<T> retry(long retries) {
        return retry(retries, failure -> true);
    }

    /**
     * This stream, consumed again from the start when it fails with a failure {@code which}
     * matches, up to {@code retries} times.
     *
     * @param retries how many times to start again, at least 0
     * @param which which failures to retry
     * @return the retrying stream
     */
    public AsyncStream<T> retry(long retries, Predicate<? super Throwable> which) {
        if (retries < 0) {
            throw new IllegalArgumentException("retry(" + retries + "): the count must be at least 0");
        }
        Objects.requireNonNull(which, "which");
        return retryWhen((failure, attempt) -> CompletableFuture.completedFuture(attempt < retries && which.test(failure)));
    }

    /**
     * This stream, consumed again from the start when it fails and {@code decide}, given the
     * failure and the number of retries so far (from 0), completes {@code true} (Kotlin's
     * {@code retryWhen}); it may wait first, for a back-off.
     *
     * <pre>{@code
     * feed.retryWhen((e, attempt) -> Time.sleep(Duration.ofMillis(100L << attempt), attempt < 5));
     * }</pre>
     *
     * @param decide whether to retry, as a stage
     * @return the retrying stream
     */
    public AsyncStream<T> retryWhen(
            BiFunction<? super Throwable, ? super Long, ? extends CompletionStage<Boolean>> decide) {
        Objects.requireNonNull(decide, "decide");
        return new AsyncStream<>(Lifecycle.retryWhen(this, decide));
    }

    // -- terminals (Terminals.java) --

    /**
     * The last value, if any (Kotlin's {@code lastOrNull}, as an {@code Optional} like {@link #first()}).
     *
     * @return completes with the last value, or empty for an empty stream
     */
    public CompletableFuture<Optional<T>> last() {
        return Terminals.last(producer);
    }

    /**
     * The only value (Kotlin's {@code single}): fails with {@link java.util.NoSuchElementException}
     * if there is none and with {@link IllegalArgumentException} at the second one (the producer
     * is stopped there).
     *
     * @return completes with the value
     */
    public CompletableFuture<T> single() {
        return Terminals.single(producer);
    }

    /**
     * The first value, or {@code null} for an empty stream (Kotlin's {@code firstOrNull}); the
     * producer is stopped once it has emitted it.
     *
     * @return completes with the first value or {@code null}
     */
    public CompletableFuture<T> firstOrNull() {
        return first().thenApply(first -> first.orElse(null));
    }

    /**
     * The first value that matches, if any; the producer is stopped there.
     *
     * @param predicate the value wanted
     * @return completes with the value, or empty if none matched
     */
    public CompletableFuture<Optional<T>> first(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return Terminals.first(producer, predicate);
    }

    /**
     * Whether some value matches; stops the producer at the first that does.
     *
     * @param predicate the test
     * @return completes with the answer ({@code false} for an empty stream)
     */
    public CompletableFuture<Boolean> any(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return Terminals.decides(producer, predicate, true, "any()");
    }

    /**
     * Whether every value matches; stops the producer at the first that does not.
     *
     * @param predicate the test
     * @return completes with the answer ({@code true} for an empty stream)
     */
    public CompletableFuture<Boolean> all(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return Terminals.decides(producer, predicate, false, "all()").thenApply(failed -> !failed);
    }

    /**
     * Whether no value matches; stops the producer at the first that does.
     *
     * @param predicate the test
     * @return completes with the answer ({@code true} for an empty stream)
     */
    public CompletableFuture<Boolean> none(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return Terminals.decides(producer, predicate, true, "none()").thenApply(found -> !found);
    }

    /**
     * The distinct values, in the order first seen.
     *
     * @return completes with the set
     */
    public CompletableFuture<java.util.Set<T>> toSet() {
        return Terminals.toSet(producer);
    }

    /**
     * A map from {@code key} of each value to {@code value} of it, in the order first seen; a
     * later value with the same key replaces the earlier (Kotlin's {@code associate}, not
     * {@code Collectors.toMap}, which fails on a repeated key: use {@link #collect(java.util.stream.Collector)}
     * for that).
     *
     * @param key the key of a value
     * @param value what to store for it, never {@code null}
     * @param <K> the key type
     * @param <V> the stored type
     * @return completes with the map
     */
    public <K, V> CompletableFuture<java.util.Map<K, V>> toMap(Function<? super T, ? extends K> key,
            Function<? super T, ? extends V> value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return Terminals.toMap(producer, key, value);
    }

    /**
     * The values gathered by a {@link java.util.stream.Collector}, as {@code Stream.collect} does
     * (sequentially: the combiner is not used).
     *
     * <pre>{@code
     * Map<Boolean, List<Integer>> parts = await(sizes.collect(Collectors.partitioningBy(s -> s > 100)));
     * }</pre>
     *
     * @param collector how to gather
     * @param <A> the collector's container type
     * @param <R> the result type
     * @return completes with the collector's result
     */
    public <A, R> CompletableFuture<R> collect(java.util.stream.Collector<? super T, A, R> collector) {
        Objects.requireNonNull(collector, "collector");
        return Terminals.collect(producer, collector);
    }

    // -- sources --

    /**
     * An endless stream of the values of the stages {@code next} returns, one call per value the
     * consumer asks for (the async form of {@code Stream.generate}); end it with {@link #take} or
     * {@link #takeWhile}.
     *
     * <pre>{@code
     * AsyncStream<Reading> readings = AsyncStream.generate(() -> sensor.read());
     * }</pre>
     *
     * @param next makes the next value, as a stage
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> generate(java.util.function.Supplier<? extends CompletionStage<? extends T>> next) {
        Objects.requireNonNull(next, "next");
        return new AsyncStream<>(new PollingProducer<T>(() -> () -> {
            CompletionStage<? extends T> stage = Objects.requireNonNull(next.get(),
                    "generate's function returned null instead of a CompletionStage");
            return stage.thenApply(value -> Optional.of(Objects.requireNonNull((T) value,
                    "generate's stage completed with null: stream values must not be null")));
        }));
    }

    /**
     * 0, 1, 2, …: the first after {@code period}, each next one {@code period} after the consumer
     * took the previous (Reactor's {@code Flux.interval}, Kotlin's {@code ticker} in its
     * fixed-delay mode: a slow consumer delays the ticks instead of piling them up or failing).
     * Timers are the consumer's event loop's, virtual under {@code TestEventLoop}.
     *
     * @param period the time between values
     * @return the endless stream of tick numbers
     */
    public static AsyncStream<Long> interval(Duration period) {
        return interval(period, period);
    }

    /**
     * Like {@link #interval(Duration)}, the first value after {@code initialDelay}.
     *
     * @param initialDelay the time before the first value
     * @param period the time between values
     * @return the endless stream of tick numbers
     */
    public static AsyncStream<Long> interval(Duration initialDelay, Duration period) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(period, "period");
        return new AsyncStream<>(Timed.interval(initialDelay, period));
    }

    /**
     * A stream fed by callbacks (Kotlin's {@code callbackFlow}, Reactor's {@code Flux.create}):
     * each consumption calls {@code registration} with a fresh {@link CallbackSink}, which the
     * callbacks feed from any thread; what the registration returns is closed once, when the
     * stream ends for any reason (the sink's {@code complete}/{@code fail}, the consumer stopping
     * early, failing or being cancelled), before the consumer's await resumes. Values wait in a
     * buffer of {@code capacity}; what a full buffer does is {@code overflow}'s choice.
     *
     * <pre>{@code
     * AsyncStream<Message> messages = AsyncStream.fromCallbacks(256, Overflow.SUSPEND, sink -> {
     *     Subscription s = client.subscribe(topic, sink::send, sink::fail, sink::complete);
     *     return s::unsubscribe;
     * });
     * }</pre>
     *
     * @param capacity how many values may wait for the consumer, at least 1
     * @param overflow what a full buffer does
     * @param registration registers the callbacks and returns what unregisters them
     * @param <T> the value type
     * @return the stream
     */
    public static <T> AsyncStream<T> fromCallbacks(int capacity, Overflow overflow,
            Function<? super CallbackSink<T>, ? extends AutoCloseable> registration) {
        if (capacity < 1) {
            throw new IllegalArgumentException("fromCallbacks(" + capacity + ", ...): the capacity must be at least 1");
        }
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(registration, "registration");
        return new AsyncStream<>(new Callbacks<>(capacity, overflow, registration));
    }

    // -- concurrent (Merging.java, Combining.java): junctions, the user's functions applied around them --

    /**
     * The values of all {@code streams}, collected at once, each as it comes (Kotlin's
     * {@code merge}, Reactor's {@code Flux.merge}); each stream's emit waits until the downstream
     * took its value. A failure of any cancels the others (their {@code finally} blocks run) and
     * then ends the stream with it.
     *
     * @param streams the streams
     * @param <T> the value type
     * @return the merged stream
     */
    @SafeVarargs
    public static <T> AsyncStream<T> merge(AsyncStream<? extends T>... streams) {
        List<AsyncStream<? extends T>> all = List.of(streams);
        return from(all).flatMapMerge(Math.max(1, all.size()), Function.identity());
    }

    /**
     * The values of the streams {@code mapper} makes of each value, up to {@code concurrency} of
     * them collected at once, their values interleaved as they come (Kotlin's
     * {@code flatMapMerge}, Reactor's {@code flatMap(f, concurrency)}). The upstream waits while
     * {@code concurrency} inner streams run; each inner stream's emit waits until the downstream
     * took its value. A failure anywhere cancels the rest and ends the stream with it.
     *
     * <pre>{@code
     * AsyncStream<Page> pages = sites.flatMapMerge(4, site -> crawl(site));   // 4 sites at once
     * }</pre>
     *
     * @param concurrency the most inner streams at once, at least 1
     * @param mapper makes a stream of each value
     * @param <R> the new value type
     * @return the merged stream
     */
    public <R> AsyncStream<R> flatMapMerge(int concurrency, Function<? super T, ? extends AsyncStream<? extends R>> mapper) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("flatMapMerge(" + concurrency + ", ...): the concurrency must be at least 1");
        }
        Objects.requireNonNull(mapper, "mapper");
        AsyncStream<AsyncStream<? extends R>> inner = map(value -> Objects.requireNonNull(mapper.apply(value),
                "flatMapMerge's function returned null instead of a stream"));
        return new AsyncStream<>(Merging.merge(inner, concurrency));
    }

    /**
     * The values of the stream {@code mapper} made of the latest value: a new value cancels the
     * inner stream still running (its {@code finally} blocks run, its values not yet taken are
     * dropped) before the next starts (Kotlin's {@code flatMapLatest}, Reactor's
     * {@code switchMap}).
     *
     * <pre>{@code
     * AsyncStream<Result> results = queries.flatMapLatest(q -> search(q));   // a new query drops the old
     * }</pre>
     *
     * @param mapper makes a stream of each value
     * @param <R> the new value type
     * @return the switching stream
     */
    public <R> AsyncStream<R> flatMapLatest(Function<? super T, ? extends AsyncStream<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        AsyncStream<AsyncStream<? extends R>> inner = map(value -> Objects.requireNonNull(mapper.apply(value),
                "flatMapLatest's function returned null instead of a stream"));
        return new AsyncStream<>(Merging.latest(inner));
    }

    /**
     * The results of {@code mapper} for the latest value: a new value cancels the call still
     * running (Kotlin's {@code mapLatest}).
     *
     * @param mapper the async function
     * @param <R> the result type
     * @return the stream of results that were not superseded
     */
    public <R> AsyncStream<R> mapLatest(Function<? super T, ? extends CompletionStage<R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return flatMapLatest(value -> AsyncStream.<R>of(out -> Stages.compose(Objects.requireNonNull(mapper.apply(value),
                "mapLatest's function returned null instead of a CompletionStage"), out::emit)));
    }

    /**
     * Runs the async {@code action} on each value, cancelling the action still running when a
     * new value comes (Kotlin's {@code collectLatest}).
     *
     * <pre>{@code
     * await(searchBox.collectLatest(text -> render(await(search(text)))));   // only the latest renders
     * }</pre>
     *
     * @param action what to do with each value, as a stage
     * @return completes when the stream has ended and the last action has completed
     */
    public CompletableFuture<Void> collectLatest(Function<? super T, ? extends CompletionStage<?>> action) {
        Objects.requireNonNull(action, "action");
        return flatMapLatest(value -> AsyncStream.<Object>of(out -> Objects.requireNonNull(action.apply(value),
                "collectLatest's action returned null instead of a CompletionStage"))).collect(ignored -> Stages.DONE);
    }

    /**
     * Pairs of this stream's and {@code other}'s values, the i-th with the i-th, made into one by
     * {@code zipper} (Kotlin's {@code zip}); both are collected at once, and the stream ends, the
     * other cancelled, when either ends.
     *
     * @param other the second stream
     * @param zipper makes a value of a pair
     * @param <U> the other's value type
     * @param <R> the result type
     * @return the zipped stream
     */
    @SuppressWarnings("unchecked")
    public <U, R> AsyncStream<R> zip(AsyncStream<U> other, BiFunction<? super T, ? super U, ? extends R> zipper) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(zipper, "zipper");
        return new AsyncStream<>(Combining.zip(List.of(this, other)))
                .map(pair -> zipper.apply((T) pair[0], (U) pair[1]));
    }

    /**
     * {@code combiner} applied to the latest values of this stream and {@code other}, each time
     * either emits once both have (Kotlin's {@code combine}, Reactor's {@code combineLatest});
     * ends when both have ended.
     *
     * <pre>{@code
     * AsyncStream<Price> priced = quotes.combine(rates, (q, r) -> q.in(r));
     * }</pre>
     *
     * @param other the second stream
     * @param combiner makes a value of the two latest
     * @param <U> the other's value type
     * @param <R> the result type
     * @return the combined stream
     */
    @SuppressWarnings("unchecked")
    public <U, R> AsyncStream<R> combine(AsyncStream<U> other, BiFunction<? super T, ? super U, ? extends R> combiner) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(combiner, "combiner");
        return new AsyncStream<>(Combining.combine(List.of(this, other)))
                .map(latest -> combiner.apply((T) latest[0], (U) latest[1]));
    }

    // -- time and rate (Timed.java) --

    /**
     * Each value that is not followed by another within {@code timeout}; the last value is
     * emitted at once when the stream ends (Kotlin's {@code debounce}). The upstream never waits
     * for the consumer: superseded values are dropped. Timers are the consumer's loop's.
     *
     * @param timeout how long a value must stay the latest
     * @return the debounced stream
     */
    public AsyncStream<T> debounce(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new AsyncStream<>(Timed.debounce(this, timeout));
    }

    /**
     * The latest value once every {@code period}, if one came since the last (Kotlin's
     * {@code sample}): a value that arrives after the last tick before the end is not emitted.
     *
     * @param period the sampling period
     * @return the sampled stream
     */
    public AsyncStream<T> sample(Duration period) {
        Objects.requireNonNull(period, "period");
        return new AsyncStream<>(Timed.sample(this, period));
    }

    /**
     * Lists of up to {@code size} values, a shorter one once {@code window} has passed since its
     * first value (Reactor's {@code bufferTimeout}); the emit that fills a list waits until the
     * downstream took it.
     *
     * @param size the most values in a list, at least 1
     * @param window the longest a value waits in a list
     * @return the stream of lists
     */
    public AsyncStream<List<T>> chunked(int size, Duration window) {
        if (size < 1) {
            throw new IllegalArgumentException("chunked(" + size + ", ...): the size must be at least 1");
        }
        Objects.requireNonNull(window, "window");
        return new AsyncStream<>(Timed.chunked(this, size, window));
    }

    /**
     * The upstream runs without waiting for the consumer, which gets the latest value each time it
     * asks; values it is too slow for are dropped (Kotlin's {@code conflate}, Reactor's
     * {@code onBackpressureLatest}).
     *
     * @return the conflated stream
     */
    public AsyncStream<T> conflate() {
        return new AsyncStream<>(Timed.conflate(this));
    }

    // -- hot sharing (Sharing.java) --

    /**
     * One run of this stream shared by all who consume the result at the same time (Reactor's
     * {@code replay(n).refCount()}, Kotlin's {@code shareIn} with {@code WhileSubscribed}): the
     * first consumer starts the run; each value goes to every consumer then collecting; a consumer
     * that joins a running run first gets its last {@code replay} values. Back-pressure: the
     * upstream's emit waits until every consumer has at most {@code buffer} values waiting besides
     * the one it is taking, so the slowest consumer sets the pace ({@code buffer} 0: each value is
     * taken by all before the next). The run's end and failure reach every consumer after the
     * values before them (unlike a Kotlin {@code SharedFlow}, which never completes). A consumer
     * that stops early, fails or is cancelled leaves the run; the last one to leave cancels it and
     * resumes only after the upstream's {@code finally} blocks; the next consumer starts a new run,
     * with an empty replay cache. The run's producer starts where the first consumer runs.
     *
     * <pre>{@code
     * AsyncStream<Quote> quotes = feed.share(1, 16);   // one connection for all listeners
     * }</pre>
     *
     * @param replay how many recent values a late consumer gets first, at least 0
     * @param buffer how many values may wait per consumer before the upstream waits, at least 0
     * @return the shared stream
     */
    public AsyncStream<T> share(int replay, int buffer) {
        if (replay < 0 || buffer < 0) {
            throw new IllegalArgumentException("share(" + replay + ", " + buffer + "): replay and buffer must be at least 0");
        }
        return new AsyncStream<>(new Sharing<>(this, replay, buffer));
    }
}
