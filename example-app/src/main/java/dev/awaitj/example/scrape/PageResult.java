package dev.awaitj.example.scrape;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the scraper learned about one URL.
 *
 * @param url the URL as requested (or as given, when it is not a valid URL)
 * @param depth links followed from a start URL to get here (start URLs are 0)
 * @param outcome how it ended
 * @param status the last HTTP status, or 0 when there was no answer
 * @param title the HTML title, or empty
 * @param bytes body bytes received (at most the cap)
 * @param truncated whether the body was longer than the cap and cut there
 * @param contentType the Content-Type header, or empty
 * @param time from the first request to the end of the last attempt, retry pauses included
 * @param attempts requests made (1 unless transient failures were retried)
 * @param detail an error message or a redirect target, or empty
 * @param links the same-site links found on the page (absolute, without fragments)
 */
public record PageResult(String url, int depth, Outcome outcome, int status, String title, long bytes,
                         boolean truncated, String contentType, Duration time, int attempts,
                         String detail, List<URI> links) {

    /** Validates and copies. */
    public PageResult {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(outcome, "outcome");
        title = title == null ? "" : title;
        contentType = contentType == null ? "" : contentType;
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(time, "time");
        links = List.copyOf(links);
    }

    /** A URL that failed before any request could be made. */
    public static PageResult invalid(String url, int depth, String why) {
        return new PageResult(url, depth, Outcome.INVALID_URL, 0, "", 0, false, "", Duration.ZERO, 0, why, List.of());
    }

    /** A copy with another {@link #time()}. */
    public PageResult withTime(Duration newTime) {
        return new PageResult(url, depth, outcome, status, title, bytes, truncated, contentType, newTime, attempts,
                detail, links);
    }

    /** Whether this counts as a failure. */
    public boolean isFailure() {
        return outcome.isFailure();
    }
}
