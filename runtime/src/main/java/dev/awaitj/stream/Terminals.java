package dev.awaitj.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * The terminal operations added with Kotlin Flow's set: {@code last}, {@code single},
 * {@code firstOrNull}, {@code first(predicate)}, {@code any}/{@code all}/{@code none},
 * {@code toSet}, {@code toMap}, {@code collect(Collector)}. Each is one collection of the producer;
 * those that know their answer early stop the producer with their own abort, so its
 * {@code finally} blocks run before the answer is delivered.
 */
final class Terminals {
    private Terminals() {
    }

    /** Every user function of this file is called through these: the one place that would confine it. */
    private static <A> boolean test(Predicate<? super A> predicate, A argument) {
        return predicate.test(argument);
    }

    private static <A, B> B call(Function<? super A, ? extends B> function, A argument) {
        return function.apply(argument);
    }

    private static <A, B> void run(BiConsumer<? super A, ? super B> action, A first, B second) {
        action.accept(first, second);
    }

    private static <A> A get(Supplier<? extends A> supplier) {
        return supplier.get();
    }

    static <T> CompletableFuture<Optional<T>> last(Producer<T> producer) {
        Object[] last = {null};
        return Collecting.start(producer, value -> {
            last[0] = value;
            return Stages.DONE;
        }, () -> {
            @SuppressWarnings("unchecked")
            T result = (T) last[0];
            return Optional.ofNullable(result);
        }, null);
    }

    static <T> CompletableFuture<T> single(Producer<T> producer) {
        List<T> seen = new ArrayList<>(1);
        return Collecting.start(producer, value -> {
            seen.add(value);
            return seen.size() == 1 ? Stages.DONE : Stages.failed(new IllegalArgumentException(
                    "single(): the stream has more than one value (" + seen.get(0) + ", " + value + ", ...)"));
        }, () -> {
            if (seen.isEmpty()) {
                throw new NoSuchElementException("single(): the stream has no value");
            }
            return seen.get(0);
        }, null);
    }

    static <T> CompletableFuture<Optional<T>> first(Producer<T> producer, Predicate<? super T> predicate) {
        StreamAbort found = new StreamAbort("first(predicate) has its value");
        Object[] first = {null};
        return Collecting.start(producer, value -> {
            if (!test(predicate, value)) {
                return Stages.DONE;
            }
            first[0] = value;
            return Stages.failed(found);
        }, () -> {
            @SuppressWarnings("unchecked")
            T result = (T) first[0];
            return Optional.ofNullable(result);
        }, found);
    }

    /**
     * Whether some value matches ({@code expected} true: any) or some value fails to match
     * ({@code expected} false: not all); stops at the first that decides.
     */
    static <T> CompletableFuture<Boolean> decides(Producer<T> producer, Predicate<? super T> predicate,
            boolean expected, String name) {
        StreamAbort decided = new StreamAbort(name + " has its answer");
        boolean[] met = {false};
        return Collecting.start(producer, value -> {
            if (test(predicate, value) != expected) {
                return Stages.DONE;
            }
            met[0] = true;
            return Stages.failed(decided);
        }, () -> met[0], decided);
    }

    static <T> CompletableFuture<Set<T>> toSet(Producer<T> producer) {
        Set<T> values = new LinkedHashSet<>();
        return Collecting.start(producer, value -> {
            values.add(value);
            return Stages.DONE;
        }, () -> values, null);
    }

    static <T, K, V> CompletableFuture<Map<K, V>> toMap(Producer<T> producer, Function<? super T, ? extends K> key,
            Function<? super T, ? extends V> value) {
        Map<K, V> map = new LinkedHashMap<>();
        return Collecting.start(producer, each -> {
            map.put(call(key, each), Objects.requireNonNull(call(value, each), "toMap's value function returned null"));
            return Stages.DONE;
        }, () -> map, null);
    }

    static <T, A, R> CompletableFuture<R> collect(Producer<T> producer, Collector<? super T, A, R> collector) {
        A container = get(collector.supplier());
        BiConsumer<A, ? super T> accumulator = collector.accumulator();
        return Collecting.start(producer, value -> {
            run(accumulator, container, value);
            return Stages.DONE;
        }, () -> call(collector.finisher(), container), null);
    }
}
