package dev.awaitj.example.scrape;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A finished crawl: every URL met and how it ended, and how long it all took.
 *
 * @param pages the results, ordered by depth, then URL
 * @param concurrency the concurrency limit of the crawl
 * @param wall the crawl's wall-clock time
 * @param measuredSequential the wall time of the same crawl made one request at a time, if it was measured
 * @param capped whether the crawl stopped queueing links because it reached its page limit
 */
public record CrawlReport(List<PageResult> pages, int concurrency, Duration wall,
                          Optional<Duration> measuredSequential, boolean capped) {

    private static final Comparator<PageResult> ORDER =
            Comparator.comparingInt(PageResult::depth).thenComparing(PageResult::url);

    /** Sorts and copies. */
    public CrawlReport {
        pages = pages.stream().sorted(ORDER).toList();
    }

    /** A copy that records the measured sequential time. */
    public CrawlReport withMeasuredSequential(Duration sequential) {
        return new CrawlReport(pages, concurrency, wall, Optional.of(sequential), capped);
    }

    /** Pages that count as failures. */
    public long failures() {
        return pages.stream().filter(PageResult::isFailure).count();
    }

    /** Bytes received over all pages. */
    public long bytes() {
        return pages.stream().mapToLong(PageResult::bytes).sum();
    }

    /** Sum of every page's own time: what fetching them one after another would take, about. */
    public Duration estimatedSequential() {
        return pages.stream().map(PageResult::time).reduce(Duration.ZERO, Duration::plus);
    }

    /** The measured sequential time if there is one, else the estimate. */
    public Duration sequential() {
        return measuredSequential.orElseGet(this::estimatedSequential);
    }

    /**
     * How many times faster than sequential the crawl was; empty when no request was made (only
     * invalid URLs), where there is nothing to compare.
     */
    public OptionalDouble speedUp() {
        if (pages.stream().noneMatch(page -> page.attempts() > 0)) {
            return OptionalDouble.empty();
        }
        long wallNanos = Math.max(1, wall.toNanos());
        return OptionalDouble.of((double) sequential().toNanos() / wallNanos);
    }

    /** How many pages ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return pages.stream().filter(p -> p.outcome() == outcome).count();
    }
}
