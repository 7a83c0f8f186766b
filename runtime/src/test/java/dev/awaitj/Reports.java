package dev.awaitj;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what the runtime reports (warnings, errors) during a test. */
final class Reports implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Reports() {
        Reporting.testSink = lines::add;
    }

    boolean any(String fragment) {
        return lines.stream().anyMatch(line -> line.contains(fragment));
    }

    @Override
    public void close() {
        Reporting.testSink = null;
    }
}
