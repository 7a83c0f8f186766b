package dev.awaitj.example.report;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations, ASCII only so any terminal shows them. */
public final class Format {
    private Format() {
    }

    /** {@code 812 B}, {@code 7.6 kB}, {@code 2.3 MB}. */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1_000_000.0);
    }

    /** {@code 42 ms} below ten seconds' worth of milliseconds, else {@code 12.3 s}. */
    public static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : seconds(d);
    }

    /** {@code 0.95 s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /** {@code s} cut to {@code width} characters with a trailing {@code ...} when longer. */
    public static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 3)) + "...";
    }
}
