package dev.awaitj.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The executor and the thread test of a dispatch on a Vert.x context, in one object: a dispatch
 * is made per request ({@link VertxDispatch#of}, and {@link RequestWork} is one).
 */
class OnContext implements Executor, BooleanSupplier {
    final Context context;

    OnContext(Context context) {
        this.context = context;
    }

    /** Resumes on the context. */
    @Override
    public final void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /** Whether the calling thread runs the context now. */
    @Override
    public final boolean getAsBoolean() {
        return Vertx.currentContext() == context;
    }

    @Override
    public String toString() {
        return context.toString();
    }
}
