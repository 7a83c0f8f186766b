package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Emitter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An emit whose stage (the consumer's demand) is dropped breaks back-pressure: an error. */
public class EmitNotAwaited {
    static AsyncStream<Integer> statement() {
        return AsyncStream.of(out -> {
            out.emit(1); // error: [EmitNotAwaited]
            await(out.emit(2));
            return AsyncStream.done();
        });
    }

    static AsyncStream<Integer> plainLambda(List<Integer> values) {
        return AsyncStream.of(out -> {
            values.forEach(v -> out.emit(v)); // error: [EmitNotAwaited]
            values.forEach(v -> { out.emit(v); }); // error: [EmitNotAwaited]
            return AsyncStream.done();
        });
    }

    /** A helper that emits on the producer's behalf, in an @Async method. */
    @Async
    static CompletableFuture<Void> helper(Emitter<String> out) {
        out.emit("lost demand"); // error: [EmitNotAwaited]
        CompletionStage<Void> kept = out.emit("kept");
        await(kept);
        return CompletableFuture.completedFuture(null);
    }

    static CompletionStage<Void> returned(Emitter<String> out) {
        return out.emit("handed to the caller"); // fine: the caller gets the stage
    }
}
