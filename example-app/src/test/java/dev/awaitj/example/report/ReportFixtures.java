package dev.awaitj.example.report;

import dev.awaitj.example.scrape.CrawlReport;
import dev.awaitj.example.scrape.Outcome;
import dev.awaitj.example.scrape.PageResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A small crawl report with one page of each kind. */
final class ReportFixtures {
    private ReportFixtures() {
    }

    static final URI HOME = URI.create("http://127.0.0.1:4000/");

    static CrawlReport report() {
        return new CrawlReport(List.of(
                page("/books/", 1, Outcome.OK, 200, "All books", 6350, 60, 1, ""),
                page("/", 0, Outcome.OK, 200, "Lantern Books - home", 7582, 40, 1, ""),
                page("/shop", 1, Outcome.REDIRECT, 301, "", 120, 20, 1, "http://127.0.0.1:4000/books/"),
                page("/catalogue.pdf", 1, Outcome.NOT_HTML, 200, "", 3600, 90, 1, ""),
                page("/contact-us", 1, Outcome.HTTP_ERROR, 404, "", 100, 25, 1, "HTTP 404 Not Found"),
                new PageResult("http://127.0.0.1:4000/events/archive", 2, Outcome.TIMEOUT, 0, "", 0, false, "",
                        Duration.ofMillis(1600), 3, "timed out", List.of()),
                PageResult.invalid("htp:/nope \"quoted\"", 0, "unsupported scheme htp")),
                8, Duration.ofMillis(500), Optional.empty(), false);
    }

    private static PageResult page(String path, int depth, Outcome outcome, int status, String title, long bytes,
                                   long millis, int attempts, String detail) {
        return new PageResult(HOME.resolve(path).toString(), depth, outcome, status, title, bytes, false,
                outcome == Outcome.NOT_HTML ? "application/pdf" : "text/html; charset=utf-8",
                Duration.ofMillis(millis), attempts, detail, List.of());
    }
}
