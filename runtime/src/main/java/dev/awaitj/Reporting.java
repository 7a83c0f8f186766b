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
     * Reports an error through the exception handler of {@code where} (a {@link Place}: an
     * {@link EventLoop}'s or a {@link Dispatch}'s), or through {@link #error} if it is
     * {@code null}: the one path for failures that nobody else can see.
     */
    static void errorTo(Place where, String message, Throwable failure) {
        if (where != null) {
            where.reportError(message, failure);
        } else {
            error(message, failure);
        }
    }

    /**
     * Where a failure of work started now goes ({@link #errorTo}): the place the calling thread
     * runs under (its event loop, or the dispatch it runs under), or {@code null} (the logger).
     */
    static Place handlerHere() {
        return Place.current();
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
