package dev.awaitj.example.report;

import dev.awaitj.example.scrape.PageResult;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live progress line on stderr: pages done and still queued, requests in flight, failures,
 * elapsed time. It redraws in place ({@code \r}) and is erased when the crawl ends, so the report
 * that follows starts on a clean line.
 *
 * <p>The scraper calls it from its event loop only, but it is synchronized so a timer or a test may
 * call it too.
 */
public final class Progress {

    /** When to show it. */
    public enum Mode {
        /** When stdout and stdin are a terminal (so a person is watching). */
        AUTO,
        /** Always, even into a file. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    private static final long MIN_REDRAW_NANOS = 50_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final LongSupplier clock;
    private long start;
    private int done;
    private int queued;
    private int inFlight;
    private int failed;
    private int lastWidth;
    private long lastDraw;

    /** A progress line on {@code err}, shown or not according to {@code mode}. */
    public Progress(PrintStream err, Mode mode) {
        this(err, mode, System::nanoTime);
    }

    Progress(PrintStream err, Mode mode, LongSupplier clock) {
        this.err = err;
        this.enabled = mode == Mode.ALWAYS || (mode == Mode.AUTO && isInteractive());
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /**
     * Starts the elapsed time now, and returns now (in {@link System#nanoTime()} terms): the
     * crawl takes its wall time from the same reading, so the line and the summary agree.
     */
    public synchronized long begin() {
        start = clock.getAsLong();
        return start;
    }

    /** A progress line that is never shown. */
    public static Progress none() {
        return new Progress(System.err, Mode.NEVER);
    }

    /** A URL was queued. */
    public synchronized void queued() {
        queued++;
        draw(false);
    }

    /** A request for a queued URL started. */
    public synchronized void started() {
        queued--;
        inFlight++;
        draw(false);
    }

    /** A URL is done (started or not, such as an invalid one). */
    public synchronized void finished(PageResult result, boolean wasStarted) {
        if (wasStarted) {
            inFlight--;
        } else {
            queued--;
        }
        done++;
        if (result.isFailure()) {
            failed++;
        }
        draw(false);
    }

    /** Redraws, so the elapsed time ticks while nothing else happens. */
    public synchronized void tick() {
        draw(true);
    }

    /** Erases the line. */
    public synchronized void finish() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }

    /** The text of the line as it is now. */
    public synchronized String line() {
        Duration elapsed = Duration.ofNanos(clock.getAsLong() - start);
        return String.format(Locale.ROOT, "scraping: %d done, %d queued, %d in flight, %d failed, %.1f s",
                done, queued, inFlight, failed, elapsed.toMillis() / 1000.0);
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < MIN_REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String text = line();
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    /** Whether a person is probably watching: a console, and on JDK 22+ a real terminal. */
    static boolean isInteractive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException beforeJdk22) {
            return true; // JDK 17-21 return a console only for a terminal
        }
    }
}
