package dev.awaitj.example.scrape;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to crawl.
 *
 * @param startUrls where to start, as given (invalid ones are reported, not rejected)
 * @param depth how many links to follow from a start URL (0: only the start URLs)
 * @param concurrency the most requests in flight at once
 * @param timeout the longest one request (headers and body) may take
 * @param retries how many times a transient failure is retried
 * @param retryBackoff the pause before the first retry; doubled for each further one
 * @param maxBodyBytes bytes of a body read at most; the rest is not downloaded
 * @param maxPages the most URLs fetched in one crawl (a guard for real sites)
 */
public record CrawlOptions(List<String> startUrls, int depth, int concurrency, Duration timeout, int retries,
                           Duration retryBackoff, long maxBodyBytes, int maxPages) {

    /** Defaults of the command line. */
    public static final int DEFAULT_DEPTH = 3;
    public static final int DEFAULT_CONCURRENCY = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(100);
    public static final long DEFAULT_MAX_BODY = 2L * 1024 * 1024;
    public static final int DEFAULT_MAX_PAGES = 500;

    /** Validates and copies. */
    public CrawlOptions {
        startUrls = List.copyOf(startUrls);
        if (startUrls.isEmpty()) {
            throw new IllegalArgumentException("no start URL");
        }
        require(depth >= 0, "--depth must be 0 or more, not " + depth);
        require(concurrency >= 1, "--concurrency must be 1 or more, not " + concurrency);
        require(!Objects.requireNonNull(timeout).isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(retries >= 0, "--retries must be 0 or more, not " + retries);
        require(!Objects.requireNonNull(retryBackoff).isNegative(), "the retry backoff must not be negative");
        require(maxBodyBytes >= 1, "--max-body must be at least 1 byte");
        require(maxPages >= 1, "--max-pages must be 1 or more, not " + maxPages);
    }

    /** Defaults, starting from {@code startUrls}. */
    public static CrawlOptions defaults(List<String> startUrls) {
        return new CrawlOptions(startUrls, DEFAULT_DEPTH, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, DEFAULT_RETRIES,
                DEFAULT_BACKOFF, DEFAULT_MAX_BODY, DEFAULT_MAX_PAGES);
    }

    /** A copy with another concurrency. */
    public CrawlOptions withConcurrency(int n) {
        return new CrawlOptions(startUrls, depth, n, timeout, retries, retryBackoff, maxBodyBytes, maxPages);
    }

    /** A copy with another depth. */
    public CrawlOptions withDepth(int d) {
        return new CrawlOptions(startUrls, d, concurrency, timeout, retries, retryBackoff, maxBodyBytes, maxPages);
    }

    /** A copy with another timeout. */
    public CrawlOptions withTimeout(Duration t) {
        return new CrawlOptions(startUrls, depth, concurrency, t, retries, retryBackoff, maxBodyBytes, maxPages);
    }

    /** A copy with another retry count. */
    public CrawlOptions withRetries(int r) {
        return new CrawlOptions(startUrls, depth, concurrency, timeout, r, retryBackoff, maxBodyBytes, maxPages);
    }

    /** A copy with another body cap. */
    public CrawlOptions withMaxBodyBytes(long cap) {
        return new CrawlOptions(startUrls, depth, concurrency, timeout, retries, retryBackoff, cap, maxPages);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
