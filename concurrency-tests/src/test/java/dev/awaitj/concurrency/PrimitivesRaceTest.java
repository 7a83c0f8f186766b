package dev.awaitj.concurrency;

import org.junit.jupiter.api.Test;

/** Runs lincheck's model checker on each primitive's race under cancellation. */
class PrimitivesRaceTest {

    @Test
    void lock() {
        PermitRace.explore(PermitRace.Lock.class);
    }

    @Test
    void semaphore() {
        PermitRace.explore(PermitRace.Semaphore.class);
    }

    @Test
    void event() {
        EventRace.explore();
    }

    @Test
    void conditionWaitResumesOnlyWithTheLock() {
        ConditionRace.explore();
    }

    @Test
    void conditionWaitUnderTimeWithTimeoutResumesOnlyWithTheLock() {
        TimeoutRace.explore(TimeoutRace.class);
    }

    @Test
    void conditionWaitUntilUnderTimeWithTimeoutResumesOnlyWithTheLock() {
        TimeoutRace.Until.explore();
    }

    @Test
    void barrier() {
        BarrierRace.explore();
    }

    @Test
    void rendezvousChannel() {
        ChannelRace.explore(ChannelRace.Rendezvous.class,
                "sent [1, 2], received 1", "sent [1], received 1", "sent [2], received 2",
                "sent [], receiver cancelled");
    }

    @Test
    void bufferedChannel() {
        ChannelRace.explore(ChannelRace.Buffered.class,
                "sent [1, 2], received 1", "sent [1], received 1");
    }

    @Test
    void channelIsLinearizable() {
        ChannelLinearizability.check();
    }
}
