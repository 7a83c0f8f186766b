package dev.awaitj.example.scrape;

import static dev.awaitj.Await.await;

import dev.awaitj.AsyncSemaphore;
import dev.awaitj.Channel;
import dev.awaitj.EventLoop;
import dev.awaitj.Permit;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.example.report.Progress;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Emitter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The concurrent crawler: every URL it meets becomes a task on one awaitj event loop, forked in
 * one task scope; each task waits for a permit of a semaphore ({@code --concurrency}), fetches with
 * {@link HttpClient#sendAsync} under a timeout, retries transient failures after a pause, parses
 * and queues the page's same-site links as new tasks. Each finished page is emitted on an
 * {@link AsyncStream} ({@link #pages}) that the report consumes while the crawl goes on, so a
 * table can fill in live.
 *
 * <pre>{@code
 * CrawlReport report = Scraper.crawl(CrawlOptions.defaults(List.of("https://example.com/")), Progress.none());
 * }</pre>
 *
 * <p>All of a crawl's state — the URLs seen, the results, the progress counters — is touched only
 * by code on the loop's thread: each {@code await} resumes there, whichever HTTP-client thread
 * completed the future. So nothing here is locked, and nothing blocks: the loop's one thread
 * drives every request.
 */
public final class Scraper {
    private static final Duration TICK = Duration.ofMillis(200);

    private final CrawlOptions options;
    private final Progress progress;
    private final HttpClient http;
    private final AsyncSemaphore permits;
    private final Set<URI> seen = new HashSet<>();
    private TaskScope visits;
    /** Where visits put their finished pages, for {@link #produce} to emit. */
    private Channel<PageResult> finished;
    private boolean capped;

    private Scraper(CrawlOptions options, Progress progress, HttpClient http) {
        this.options = options;
        this.progress = progress;
        this.http = http;
        this.permits = new AsyncSemaphore(options.concurrency());
    }

    /**
     * Crawls as {@code options} say, on a new event loop on the calling thread, and returns when
     * every URL met has an outcome. Failures of single pages are in the report; this throws only
     * for a bug. The HTTP client is made and the HTML parser loaded before the clock starts: the
     * wall time is the crawl's, from its first request to its last answer.
     */
    public static CrawlReport crawl(CrawlOptions options, Progress progress) {
        return crawl(options, progress, page -> { });
    }

    /**
     * {@link #crawl(CrawlOptions, Progress)}, handing each page to {@code onPage} (on the loop's
     * thread) as soon as it is done, while the crawl goes on.
     */
    public static CrawlReport crawl(CrawlOptions options, Progress progress, Consumer<PageResult> onPage) {
        HttpClient http = PageFetch.newClient(options.timeout());
        PageFetch.loadParser();
        try {
            return EventLoop.run(() -> new Scraper(options, progress, http).crawl(onPage));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the crawl failed: " + e, e);
        } finally {
            progress.finish();
            if (http instanceof AutoCloseable) { // JDK 21+: stop the client's threads now
                try {
                    ((AutoCloseable) http).close();
                } catch (Exception ignored) {
                    // closing is best effort
                }
            }
        }
    }

    /**
     * The crawl's main task: consume the stream of finished pages, handing each to
     * {@code onPage} as it arrives, and report them all once the stream ends.
     */
    @Async
    CompletableFuture<CrawlReport> crawl(Consumer<PageResult> onPage) {
        long start = progress.begin(); // one clock for the progress line and the wall time
        Task<Void> ticker = Task.spawn("progress", this::tickProgress);
        List<PageResult> results = new ArrayList<>();
        try {
            await(pages().forEach(page -> {
                results.add(page);
                onPage.accept(page);
            }));
        } finally {
            ticker.cancel(true);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return CompletableFuture.completedFuture(
                new CrawlReport(results, options.concurrency(), wall, Optional.empty(), capped));
    }

    /**
     * The crawl as a cold stream of its pages, each emitted once it is done (in the order they
     * finish). Consuming it runs the crawl; a consumer that stops early (or fails, or is
     * cancelled) stops the crawl: its visits are cancelled.
     */
    AsyncStream<PageResult> pages() {
        return AsyncStream.of(this::produce);
    }

    /**
     * The producer: the visits run as tasks of a scope and put their pages in a channel whose
     * capacity is the concurrency, so a slow consumer holds them back (back-pressure reaches
     * the HTTP requests); this drains the channel into the stream until the crawl has ended.
     */
    @Async
    CompletableFuture<Void> produce(Emitter<PageResult> out) {
        finished = Channel.withCapacity(options.concurrency());
        Task<Void> crawling = Task.spawn("crawl", this::visitAll);
        try {
            await(AsyncStream.drain(finished).collect(out));
            await(crawling); // a bug in the crawl fails the stream
        } finally {
            if (!crawling.isDone()) { // the consumer stopped early: so does the crawl, cleanly
                crawling.cancel(true);
                try {
                    await(crawling);
                } catch (CancellationException cancelled) {
                    // what we asked for
                }
            }
        }
        return AsyncStream.done();
    }

    /** Visits the start URLs in a task scope, where each visit forks the visits of its links. */
    @Async
    CompletableFuture<Void> visitAll() {
        try (TaskScope scope = TaskScope.open()) {
            visits = scope;
            for (String text : options.startUrls()) {
                try {
                    enqueue(PageFetch.parseStartUrl(text), 0);
                } catch (IllegalArgumentException invalid) {
                    PageResult result = PageResult.invalid(text, 0, invalid.getMessage());
                    progress.queued();
                    progress.finished(result, false);
                    await(finished.send(result));
                }
            }
            await(scope.join()); // also waits for the visits forked while it waits
        } finally {
            finished.close(); // the stream ends once the pages sent so far are drained
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Starts a visit of {@code url} unless it was seen before or the page limit is reached. */
    private void enqueue(URI url, int depth) {
        if (seen.contains(url)) {
            return;
        }
        if (seen.size() >= options.maxPages()) {
            capped = true;
            return;
        }
        seen.add(url);
        progress.queued();
        visits.fork(url.toString(), () -> visit(url, depth));
    }

    /** One URL: wait for a permit, fetch, record, queue the links. */
    @Async
    @SuppressWarnings("try") // the permit is held for the block, not used in it
    CompletableFuture<Void> visit(URI url, int depth) {
        PageResult page;
        try (Permit slot = await(permits.acquire())) {
            progress.started();
            page = await(fetch(url, depth));
        }
        progress.finished(page, true);
        await(finished.send(page)); // waits while the consumer is behind
        if (depth < options.depth()) {
            for (URI link : page.links()) {
                enqueue(link, depth + 1);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Fetches {@code url}, retrying transient failures (timeouts, refused or reset connections,
     * 429 and 502-504 answers) up to {@code --retries} times with doubling pauses. Every outcome,
     * failures included, is a {@link PageResult}; only cancellation escapes.
     */
    @Async
    CompletableFuture<PageResult> fetch(URI url, int depth) {
        long start = System.nanoTime();
        HttpRequest request = PageFetch.request(url, options.timeout());
        Duration pause = options.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = attempt > options.retries();
            try {
                CompletableFuture<HttpResponse<CappedBody>> exchange =
                        http.sendAsync(request, CappedBody.handler(options.maxBodyBytes()));
                // The request's own timeout covers the wait for headers; this one the body too,
                // and it cancels the exchange itself, which aborts the request.
                HttpResponse<CappedBody> response = await(Time.withTimeout(exchange, options.timeout()));
                if (lastAttempt || !Failure.ofStatus(response.statusCode()).isTransient()) {
                    // The page's time ends when its last byte arrived (on the client's thread),
                    // not when the loop, busy with other pages, resumed here; parsing is added.
                    long parsing = System.nanoTime();
                    PageResult page = PageFetch.fromResponse(url, depth, response, Duration.ZERO, attempt);
                    long exchangeNanos = Math.max(0, Math.min(response.body().receivedNanos(), parsing) - start);
                    Duration time = Duration.ofNanos(exchangeNanos + System.nanoTime() - parsing);
                    return CompletableFuture.completedFuture(page.withTime(time));
                }
            } catch (CancellationException cancelled) {
                throw cancelled;
            } catch (Exception e) {
                Failure failure = Failure.of(e);
                if (lastAttempt || !failure.isTransient()) {
                    return CompletableFuture.completedFuture(PageFetch.fromFailure(url, depth, failure,
                            Duration.ofNanos(System.nanoTime() - start), attempt));
                }
            }
            await(Time.sleep(pause));
            pause = pause.multipliedBy(2);
        }
    }

    /** Redraws the progress line now and then, so the elapsed time moves while pages are slow. */
    @Async
    CompletableFuture<Void> tickProgress() {
        while (true) {
            progress.tick();
            await(Time.sleep(TICK));
        }
    }

}
