package dev.awaitj.example.scrape;

/** How fetching one URL ended. Every URL the scraper meets ends in exactly one of these. */
public enum Outcome {
    /** An HTML page, fetched and parsed. */
    OK(false, "ok"),
    /** A 3xx answer; its target is queued like a link. */
    REDIRECT(false, "redirect"),
    /** A 2xx answer that is not HTML (an image, a PDF…): counted, not parsed. */
    NOT_HTML(false, "not html"),
    /** A 4xx or 5xx answer (after retries, for the transient ones). */
    HTTP_ERROR(true, "http error"),
    /** No answer within {@code --timeout} (after retries). */
    TIMEOUT(true, "timeout"),
    /** Nothing listens there (after retries). */
    REFUSED(true, "refused"),
    /** The host name does not resolve. */
    UNKNOWN_HOST(true, "unknown host"),
    /** Any other I/O failure (reset, closed, TLS…), after retries. */
    NETWORK_ERROR(true, "network error"),
    /** Not a fetchable http(s) URL. */
    INVALID_URL(true, "invalid url");

    private final boolean failure;
    private final String label;

    Outcome(boolean failure, String label) {
        this.failure = failure;
        this.label = label;
    }

    /** Whether this outcome counts as a failure in the summary. */
    public boolean isFailure() {
        return failure;
    }

    /** A short lower-case name for tables and JSON. */
    public String label() {
        return label;
    }
}
