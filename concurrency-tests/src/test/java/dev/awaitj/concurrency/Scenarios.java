package dev.awaitj.concurrency;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * lincheck's custom-scenario DSL from Java: a scenario names, for each thread, the operations
 * (methods of the test class without parameters) it runs in order. lincheck's model checker then
 * explores the interleavings of exactly those threads.
 */
final class Scenarios {
    private Scenarios() {
    }

    /** The threads of one scenario, each a list of operation names, run in parallel. */
    static Function1<DSLScenarioBuilder, Unit> parallel(Class<?> test, List<List<String>> threads) {
        return builder -> {
            builder.parallel(parallel -> {
                for (List<String> thread : threads) {
                    parallel.thread(actors -> {
                        add(test, actors, thread);
                        return Unit.INSTANCE;
                    });
                }
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        };
    }

    /** Shorthand: one thread per argument, each a comma-separated list of operation names. */
    static Function1<DSLScenarioBuilder, Unit> threads(Class<?> test, String... threads) {
        return parallel(test, Arrays.stream(threads).map(t -> List.of(t.split(",\\s*"))).toList());
    }

    private static void add(Class<?> test, DSLThreadScenario actors, List<String> names) {
        for (String name : names) {
            actors.actor(function(test, name));
        }
    }

    private static KFunction<?> function(Class<?> test, String name) {
        try {
            Method method = test.getMethod(name);
            KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
            if (function == null) {
                throw new IllegalArgumentException("no Kotlin view of " + method);
            }
            return function;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(test.getName() + " has no operation " + name, e);
        }
    }
}
