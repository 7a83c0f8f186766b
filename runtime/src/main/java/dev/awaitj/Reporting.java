package dev.awaitj;

import java.util.function.Consumer;

/** Where the runtime's own warnings and errors go: {@code System.Logger} "dev.awaitj". */
final class Reporting {
    static final System.Logger LOGGER = System.getLogger("dev.awaitj");

    /** Tests in this package take the reports here instead of the logger. */
    static volatile Consumer<String> testSink;

    private Reporting() {
    }

    static void warning(String message) {
        Consumer<String> sink = testSink;
        if (sink != null) {
            sink.accept("WARNING " + message);
            return;
        }
        LOGGER.log(System.Logger.Level.WARNING, message);
    }

    /**
     * Reports an error through the exception handler of {@code where} (an {@link EventLoop} or a
     * {@link Dispatch}), or through {@link #error} if it is neither: the one path for failures
     * that nobody else can see.
     */
    static void errorTo(Object where, String message, Throwable failure) {
        if (where instanceof EventLoop) {
            ((EventLoop) where).reportError(message, failure);
        } else if (where instanceof Dispatch) {
            ((Dispatch) where).reportError(message, failure);
        } else {
            error(message, failure);
        }
    }

    /**
     * Where a failure of work started now goes ({@link #errorTo}): the calling thread's event loop,
     * or else the dispatch it runs under, or else {@code null} (the logger).
     */
    static Object handlerHere() {
        EventLoop loop = EventLoop.currentOrNull();
        return loop != null ? loop : Dispatch.currentOrNull();
    }

    static void error(String message, Throwable failure) {
        Consumer<String> sink = testSink;
        if (sink != null) {
            sink.accept("ERROR " + message + (failure == null ? "" : ": " + failure));
            return;
        }
        LOGGER.log(System.Logger.Level.ERROR, message, failure);
    }
}
