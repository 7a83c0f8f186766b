package dev.awaitj.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The producers of the sequential value-by-value operators added with Kotlin Flow's set:
 * {@code onEach}, {@code scan}, {@code dropWhile}, {@code distinctUntilChanged},
 * {@code filterAsync}, {@code withIndex}, {@code chunked(n)}. Each collects its upstream into an
 * emitter that calls the user's function and emits downstream, so back-pressure, early stops and
 * cancellation are the upstream collection's own; the state of a run lives in its producer call.
 */
final class Transforming {
    private Transforming() {
    }

    /** Every user function of this file is called through these: the one place that would confine it. */
    private static <A, B> B call(Function<? super A, ? extends B> function, A argument) {
        return function.apply(argument);
    }

    private static <A, B, C> C call(BiFunction<? super A, ? super B, ? extends C> function, A first, B second) {
        return function.apply(first, second);
    }

    private static <A> boolean test(Predicate<? super A> predicate, A argument) {
        return predicate.test(argument);
    }

    private static <A> void run(Consumer<? super A> action, A argument) {
        action.accept(argument);
    }

    /** {@code stage}, or a failure that names the user's function instead of a later NullPointerException. */
    private static <S extends CompletionStage<?>> S notNull(S stage, String what) {
        return Objects.requireNonNull(stage, () -> what + " returned null instead of a CompletionStage");
    }

    static <T> Producer<T> onEach(AsyncStream<T> upstream, Consumer<? super T> action) {
        return out -> upstream.collect(value -> {
            run(action, value);
            return out.emit(value);
        });
    }

    static <T> Producer<T> onEachAsync(AsyncStream<T> upstream, Function<? super T, ? extends CompletionStage<?>> action) {
        return out -> upstream.collect(value -> {
            CompletionStage<?> done = notNull(call(action, value), "onEachAsync's action");
            return Stages.compose(done, ignored -> out.emit(value));
        });
    }

    static <T, R> Producer<R> scan(AsyncStream<T> upstream, R initial, BiFunction<? super R, ? super T, ? extends R> step) {
        return out -> {
            Object[] acc = {initial};
            return Stages.compose(out.emit(initial), ignored -> upstream.collect(value -> {
                @SuppressWarnings("unchecked")
                R sofar = (R) acc[0];
                R next = Objects.requireNonNull(call(step, sofar, value), "scan's step returned null");
                acc[0] = next;
                return out.emit(next);
            }));
        };
    }

    static <T> Producer<T> dropWhile(AsyncStream<T> upstream, Predicate<? super T> predicate) {
        return out -> {
            boolean[] dropping = {true};
            return upstream.collect(value -> {
                if (dropping[0] && test(predicate, value)) {
                    return Stages.DONE;
                }
                dropping[0] = false;
                return out.emit(value);
            });
        };
    }

    static <T, K> Producer<T> distinctUntilChanged(AsyncStream<T> upstream, Function<? super T, ? extends K> key) {
        return out -> {
            Object[] last = {null};
            boolean[] any = {false};
            return upstream.collect(value -> {
                K k = call(key, value);
                if (any[0] && Objects.equals(last[0], k)) {
                    return Stages.DONE;
                }
                any[0] = true;
                last[0] = k;
                return out.emit(value);
            });
        };
    }

    static <T> Producer<T> filterAsync(AsyncStream<T> upstream, Function<? super T, ? extends CompletionStage<Boolean>> predicate) {
        return out -> upstream.collect(value -> Stages.compose(notNull(call(predicate, value), "filterAsync's predicate"),
                keep -> Boolean.TRUE.equals(keep) ? out.emit(value) : Stages.DONE));
    }

    static <T> Producer<Indexed<T>> withIndex(AsyncStream<T> upstream) {
        return out -> {
            long[] index = {0};
            return upstream.collect(value -> out.emit(new Indexed<>(index[0]++, value)));
        };
    }

    static <T> Producer<List<T>> chunked(AsyncStream<T> upstream, int size) {
        return out -> {
            List<List<T>> chunk = new ArrayList<>(List.of(new ArrayList<>(size)));
            CompletionStage<Void> all = upstream.collect(value -> {
                List<T> current = chunk.get(0);
                current.add(value);
                if (current.size() < size) {
                    return Stages.DONE;
                }
                chunk.set(0, new ArrayList<>(size));
                return out.emit(current);
            });
            return Stages.compose(all, ignored -> chunk.get(0).isEmpty() ? Stages.DONE : out.emit(chunk.get(0)));
        };
    }
}
