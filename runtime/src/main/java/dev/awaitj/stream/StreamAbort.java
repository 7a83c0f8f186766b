package dev.awaitj.stream;

import java.util.concurrent.CancellationException;

/**
 * What an emit fails with when the consumer wants no more values although the stream has not
 * ended (a {@code take}, {@code first}, {@code takeWhile} that has enough, an iterator closed
 * early). A cancellation, so that the producer unwinds through its {@code finally} blocks as it
 * does when it is cancelled; each operator instance raises its own, so an operator recognises
 * its own abort when the producer's future fails with it, and passes on any other. Carries no
 * stack trace: it is control flow, raised once per early stop.
 */
final class StreamAbort extends CancellationException {
    private static final long serialVersionUID = 1L;

    StreamAbort(String why) {
        super(why);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
