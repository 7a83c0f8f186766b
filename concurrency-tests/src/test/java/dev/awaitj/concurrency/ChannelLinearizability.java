package dev.awaitj.concurrency;

import dev.awaitj.Channel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.IntGen;

/**
 * A buffered Channel checked for linearizability against itself run sequentially (lincheck's
 * default verifier), on random scenarios: the non-waiting operations, and a send or receive that
 * is cancelled straight after it is made. Such a cancelled operation must behave as one atomic
 * step: the send either took effect (its item is in the channel or was handed over, and the
 * cancellation lost) or did not happen at all; the receive either got an item or took nothing.
 */
@Param(name = "item", gen = IntGen.class, conf = "1:4")
public class ChannelLinearizability {
    private final Channel<Integer> channel = Channel.withCapacity(2);

    @Operation
    public boolean trySend(@Param(name = "item") int item) {
        return channel.trySend(item);
    }

    @Operation
    public Integer tryReceive() {
        return channel.tryReceive().orElse(null);
    }

    /** Sends, then cancels the send at once: whether the item was accepted (the cancel lost). */
    @Operation
    public boolean sendThenCancel(@Param(name = "item") int item) {
        CompletableFuture<Void> send = channel.send(item);
        send.cancel(true);
        return !send.isCancelled();
    }

    /** Receives, then cancels the receive at once: the item it got, or none. */
    @Operation
    public Integer receiveThenCancel() {
        CompletableFuture<Optional<Integer>> receive = channel.receiveOptional();
        receive.cancel(true);
        // a cancel that lost may see the receiver granted but not yet completed by the sender's
        // thread (the grant is decided under the channel's monitor, the completion made after it)
        return receive.isCancelled() ? null : receive.join().orElse(null);
    }

    @Operation
    public int size() {
        return channel.size();
    }

    static void check() {
        new ModelCheckingOptions()
                .iterations(Budget.iterations(10))
                .invocationsPerIteration(Budget.invocations(100))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .check(ChannelLinearizability.class);
        new StressOptions()
                .iterations(Budget.iterations(10))
                .invocationsPerIteration(Budget.invocations(500))
                .threads(3)
                .actorsPerThread(3)
                .check(ChannelLinearizability.class);
    }
}
