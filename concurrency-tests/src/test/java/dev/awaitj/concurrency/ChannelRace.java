package dev.awaitj.concurrency;

import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.Channel;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Channel under cancellation (issue 12 report 4): sender 1 has sent (waiting on a rendezvous, or
 * buffered); threads start sender 2 and a receiver and cancel sender 1, sender 2 or the receiver.
 * At the end, with the channel drained: the items delivered are exactly those whose send was
 * reported as done — an accepted send is reported as sent, a cancelled send's item never arrives,
 * a cancelled receiver holds no item, and nothing is delivered twice.
 */
public abstract class ChannelRace {
    private final Channel<Integer> channel;
    private final Party sender1 = new Party();
    private final Party sender2 = new Party();
    private final Party receiver = new Party();
    private final CompletableFuture<Void> send1;
    private volatile CompletableFuture<Void> send2;
    private volatile CompletableFuture<Void> receive;

    ChannelRace(int capacity) {
        channel = Channel.withCapacity(capacity);
        send1 = PrimitiveBodies.send(channel, 1, sender1);
    }

    /** Capacity 0: every send waits for a receiver. */
    public static class Rendezvous extends ChannelRace {
        public Rendezvous() {
            super(0);
        }
    }

    /** Capacity 1: sender 1's item is buffered at once, sender 2 waits for room. */
    public static class Buffered extends ChannelRace {
        public Buffered() {
            super(1);
        }
    }

    @Operation(runOnce = true)
    public void send2() {
        send2 = PrimitiveBodies.send(channel, 2, sender2);
    }

    @Operation(runOnce = true)
    public void receive() {
        receive = PrimitiveBodies.receive(channel, receiver);
    }

    @Operation(runOnce = true)
    public void cancelSender1() {
        send1.cancel(true);
    }

    @Operation(runOnce = true)
    public void cancelSender2() {
        CompletableFuture<Void> started = send2;
        if (started != null) {
            started.cancel(true);
        }
    }

    @Operation(runOnce = true)
    public void cancelReceiver() {
        CompletableFuture<Void> started = receive;
        if (started != null) {
            started.cancel(true);
        }
    }

    @Validate
    public void invariants() {
        if (send2 == null || receive == null) {
            return;
        }
        List<Integer> delivered = new ArrayList<>();
        if (receiver.entered) {
            delivered.add(receiver.index);
        }
        check(!(receiver.entered && receiver.cancelled), "the receiver got an item and was cancelled");
        Optional<Integer> left;
        while ((left = channel.tryReceive()).isPresent()) { // completes waiting senders too
            delivered.add(left.get());
        }
        check(send1.isDone() && send2.isDone() && receive.isDone(), "a method still waits on a drained channel");
        List<Integer> reported = new ArrayList<>();
        if (sender1.entered) {
            reported.add(1);
        }
        if (sender2.entered) {
            reported.add(2);
        }
        check(sender1.entered != sender1.cancelled, "sender 1 sent " + sender1.entered + ", cancelled " + sender1.cancelled);
        check(sender2.entered != sender2.cancelled, "sender 2 sent " + sender2.entered + ", cancelled " + sender2.cancelled);
        delivered.sort(null);
        check(delivered.equals(reported), "delivered " + delivered + " but reported as sent " + reported);
        Exploration.of(getClass().getSimpleName()).reached("sent " + reported
                + (receiver.entered ? ", received " + receiver.index : ", receiver cancelled"));
    }

    static void explore(Class<? extends ChannelRace> test, String... expected) {
        Exploration.reset(test.getSimpleName());
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(test, "receive", "cancelSender1", "send2, cancelReceiver"))
                .addCustomScenario(Scenarios.threads(test, "receive, cancelReceiver", "send2, cancelSender1", "cancelSender2"))
                .check(test);
        Exploration.of(test.getSimpleName()).report(expected);
    }
}
