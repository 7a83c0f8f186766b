package legal;

// expect: enum:A1|record:r2|default:d3|inner:o4|varargs:3|generic:g|override:base+sub|anon:a5|stage:m

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

public class OddMethodKinds {
    private int secret = 4;

    enum Letter {
        A;

        @Async
        CompletableFuture<String> describe() {
            return completedFuture(name() + await(value(1)));
        }
    }

    record Rec(String name) {
        @Async
        CompletionStage<String> describe() {
            return completedFuture(name + await(value(2)));
        }
    }

    interface Defaults {
        @Async
        default CompletableFuture<String> describe() {
            return completedFuture("d" + await(value(3)));
        }
    }

    class Inner {
        @Async
        CompletableFuture<String> describe() {
            return completedFuture("o" + await(value(secret)));
        }
    }

    static class Base {
        @Async
        CompletableFuture<String> name() {
            return completedFuture(await(value("base")));
        }
    }

    static class Sub extends Base {
        @Async
        @Override
        CompletableFuture<String> name() {
            return completedFuture(await(super.name()) + "+" + await(value("sub")));
        }
    }

    @Async
    static CompletableFuture<Integer> count(String... parts) {
        return completedFuture(parts.length + await(value(0)));
    }

    @Async
    static <T> CompletableFuture<T> identity(T value) {
        return completedFuture(await(value(value)));
    }

    @Async
    public static CompletableFuture<String> run() {
        OddMethodKinds outer = new OddMethodKinds();
        Supplier<CompletableFuture<String>> anonymous = new Supplier<>() {
            @Async
            @Override
            public CompletableFuture<String> get() {
                return completedFuture("a" + await(value(5)));
            }
        };
        CompletionStage<String> minimal = CompletableFuture.completedFuture("m").minimalCompletionStage();
        return completedFuture("enum:" + await(Letter.A.describe()) + "|record:" + await(new Rec("r").describe())
                + "|default:" + await(new Defaults() { }.describe()) + "|inner:" + await(outer.new Inner().describe())
                + "|varargs:" + await(count("a", "b", "c")) + "|generic:" + await(identity("g"))
                + "|override:" + await(new Sub().name()) + "|anon:" + await(anonymous.get()) + "|stage:" + await(minimal));
    }
}
