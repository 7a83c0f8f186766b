package dev.awaitj.example.report;

import dev.awaitj.example.scrape.CrawlReport;
import dev.awaitj.example.scrape.Outcome;
import dev.awaitj.example.scrape.PageResult;
import java.io.PrintStream;
import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report a person reads: one table row per URL (status, time, size, page, title or what went
 * wrong), then a summary with the speed-up over fetching one page at a time.
 */
public final class TextReport {
    private static final int URL_WIDTH = 60;
    private static final int TITLE_WIDTH = 48;

    private TextReport() {
    }

    /**
     * Writes {@code report} to {@code out}. URLs on {@code home}'s site are shown as paths
     * ({@code home} may be null: full URLs everywhere).
     */
    public static void write(CrawlReport report, URI home, PrintStream out) {
        int statusWidth = "STATUS".length();
        int urlWidth = "URL".length();
        for (PageResult page : report.pages()) {
            statusWidth = Math.max(statusWidth, status(page).length());
            urlWidth = Math.max(urlWidth, Math.min(URL_WIDTH, shown(page, home).length()));
        }
        String row = "%-" + statusWidth + "s %8s %9s  %-" + urlWidth + "s  %s%n";
        out.printf(Locale.ROOT, row, "STATUS", "TIME", "SIZE", "URL", "TITLE / NOTE");
        for (PageResult page : report.pages()) {
            out.printf(Locale.ROOT, row,
                    status(page),
                    page.attempts() == 0 ? "-" : Format.millis(page.time()),
                    page.attempts() == 0 || page.status() == 0 ? "-" : Format.bytes(page.bytes()),
                    Format.fit(shown(page, home), urlWidth),
                    Format.fit(note(page, home), TITLE_WIDTH));
        }
        out.println();
        writeSummary(report, out);
    }

    /**
     * A table whose rows are written as the pages arrive (the crawl's stream, in the order the
     * pages finish): the header now, a row per {@link #row} call. Columns have fixed widths,
     * since the longest value is not known yet.
     */
    public static final class LiveTable {
        private static final int STATUS_WIDTH = 10;
        private static final int LIVE_URL_WIDTH = 40;
        private final URI home;
        private final PrintStream out;
        private final String format;

        private LiveTable(URI home, PrintStream out) {
            this.home = home;
            this.out = out;
            this.format = "%-" + STATUS_WIDTH + "s %8s %9s  %-" + LIVE_URL_WIDTH + "s  %s%n";
            out.printf(Locale.ROOT, format, "STATUS", "TIME", "SIZE", "URL", "TITLE / NOTE");
            out.flush();
        }

        /** Writes {@code page}'s row at once. */
        public void row(PageResult page) {
            out.printf(Locale.ROOT, format,
                    Format.fit(status(page), STATUS_WIDTH),
                    page.attempts() == 0 ? "-" : Format.millis(page.time()),
                    page.attempts() == 0 || page.status() == 0 ? "-" : Format.bytes(page.bytes()),
                    Format.fit(shown(page, home), LIVE_URL_WIDTH),
                    Format.fit(note(page, home), TITLE_WIDTH));
            out.flush();
        }

        /** Ends the table with the summary of {@code report}. */
        public void finish(CrawlReport report) {
            out.println();
            writeSummary(report, out);
        }
    }

    /** Starts a {@link LiveTable} on {@code out}: writes its header. */
    public static LiveTable live(URI home, PrintStream out) {
        return new LiveTable(home, out);
    }

    /** The summary block alone. */
    public static void writeSummary(CrawlReport report, PrintStream out) {
        long html = report.count(Outcome.OK);
        out.println("Summary");
        out.printf(Locale.ROOT, "  pages       %d (%d HTML, %d redirect, %d not HTML)%s%n", report.pages().size(), html,
                report.count(Outcome.REDIRECT), report.count(Outcome.NOT_HTML),
                report.capped() ? ", stopped at the page limit" : "");
        out.printf(Locale.ROOT, "  failures    %d%s%n", report.failures(), failureBreakdown(report));
        out.printf(Locale.ROOT, "  bytes       %s%n", Format.bytes(report.bytes()));
        out.printf(Locale.ROOT, "  wall time   %s (up to %d requests at a time)%n", Format.seconds(report.wall()),
                report.concurrency());
        out.printf(Locale.ROOT, "  sequential  %s (%s)%n", Format.seconds(report.sequential()),
                report.measuredSequential().isPresent()
                        ? "measured: the same crawl again, one request at a time"
                        : "estimated: sum of per-page times; --sequential measures it");
        if (report.speedUp().isPresent()) {
            out.printf(Locale.ROOT, "  speed-up    %.1fx%n", report.speedUp().getAsDouble());
        } else {
            out.println("  speed-up    - (no request was made)");
        }
    }

    private static String failureBreakdown(CrawlReport report) {
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        report.pages().stream().filter(PageResult::isFailure)
                .forEach(p -> byOutcome.merge(p.outcome(), 1L, Long::sum));
        if (byOutcome.isEmpty()) {
            return "";
        }
        return byOutcome.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().label())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    static String status(PageResult page) {
        return switch (page.outcome()) {
            case OK, REDIRECT, NOT_HTML, HTTP_ERROR -> String.valueOf(page.status());
            default -> page.outcome().label();
        };
    }

    static String note(PageResult page, URI home) {
        String retried = page.attempts() > 1 ? " [" + page.attempts() + " attempts]" : "";
        String cut = page.truncated() ? " [cut at the size cap]" : "";
        return switch (page.outcome()) {
            case OK -> (page.title().isBlank() ? "(no title)" : page.title()) + cut + retried;
            case REDIRECT -> "-> " + shortUrl(page.detail(), home) + retried;
            case NOT_HTML -> "(not HTML: " + page.contentType() + ")" + cut + retried;
            default -> page.detail() + retried;
        };
    }

    /** A start URL in full, so the table names the site (and the host that failed); others as paths. */
    static String shown(PageResult page, URI home) {
        return page.depth() == 0 ? page.url() : shortUrl(page.url(), home);
    }

    static String shortUrl(String url, URI home) {
        if (home != null) {
            String prefix = home.getScheme() + "://" + home.getRawAuthority();
            if (url.startsWith(prefix + "/")) {
                return url.substring(prefix.length());
            }
        }
        return url;
    }
}
