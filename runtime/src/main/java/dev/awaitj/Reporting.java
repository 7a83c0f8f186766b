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

    static void error(String message, Throwable failure) {
        Consumer<String> sink = testSink;
        if (sink != null) {
            sink.accept("ERROR " + message + (failure == null ? "" : ": " + failure));
            return;
        }
        LOGGER.log(System.Logger.Level.ERROR, message, failure);
    }
}
