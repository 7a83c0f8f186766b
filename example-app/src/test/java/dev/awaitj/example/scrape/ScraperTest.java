package dev.awaitj.example.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.example.report.Progress;
import dev.awaitj.example.site.DemoSite;
import dev.awaitj.example.site.SitePlan;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scraper against the embedded demo site: what it finds, how it bounds itself, how it fails. */
class ScraperTest {

    private static CrawlOptions options(DemoSite site) {
        return CrawlOptions.defaults(List.of(site.root().toString()));
    }

    private static Map<String, PageResult> byPath(CrawlReport report) {
        return report.pages().stream().collect(Collectors.toMap(p -> URI.create(p.url()).getPath(), Function.identity()));
    }

    @Test
    void findsEveryPageOfTheDemoSiteOnce() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            CrawlReport report = Scraper.crawl(options(site), Progress.none());
            SitePlan plan = site.plan();
            Map<String, PageResult> pages = byPath(report);

            assertEquals(plan.reachablePaths(), new TreeSet<>(pages.keySet()));
            for (String path : plan.pages().keySet()) {
                PageResult page = pages.get(path);
                assertEquals(Outcome.OK, page.outcome(), path);
                assertEquals(plan.pages().get(path).title(), page.title(), path);
                int expectedRequests = path.equals(SitePlan.FLAKY_PATH) ? 2 : 1;
                assertEquals(expectedRequests, site.requestCount(path), "requests for " + path);
            }
            for (String broken : plan.brokenLinks()) {
                assertEquals(Outcome.HTTP_ERROR, pages.get(broken).outcome(), broken);
                assertEquals(404, pages.get(broken).status(), broken);
            }
            assertEquals(Outcome.REDIRECT, pages.get(SitePlan.REDIRECT_PATH).outcome());
            assertEquals(Outcome.NOT_HTML, pages.get(SitePlan.PDF_PATH).outcome());
            assertEquals(2, pages.get(SitePlan.FLAKY_PATH).attempts(), "the 503 was retried");
            assertEquals(plan.brokenLinks().size(), report.failures());
            assertEquals(site.requestCount(), report.pages().stream().mapToInt(PageResult::attempts).sum());
            for (Map.Entry<String, PageResult> entry : pages.entrySet()) {
                // A page's time covers at least the site's latency for it, whatever order the
                // client's threads and the loop finish in.
                Duration time = entry.getValue().time();
                assertTrue(time.compareTo(site.latency(entry.getKey())) >= 0, entry.getKey() + " took " + time);
            }
            assertEquals(0, pages.get("/").depth());
            assertEquals(1, pages.get("/about/history").depth());
            assertEquals(2, pages.get("/about/staff").depth());
        }
    }

    @Test
    void neverHasMoreThanConcurrencyRequestsInFlight() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            for (int limit : new int[] {1, 3, 8}) {
                site.resetStats();
                CrawlReport report = Scraper.crawl(options(site).withConcurrency(limit), Progress.none());
                assertEquals(site.plan().reachablePaths().size(), report.pages().size());
                assertTrue(site.maxInFlight() <= limit, "limit " + limit + " but " + site.maxInFlight() + " in flight");
                assertEquals(limit, site.maxInFlight(), "the crawl has enough work to reach the limit " + limit);
            }
        }
    }

    @Test
    void reportsTimeoutsPerPageAndCarriesOn() throws Exception {
        // The home page links to the three slow pages (900 ms or more at 1.5 times the usual
        // latencies) and to pages that answer in 450 ms or less: a timeout half-way is well clear
        // of both, even on a busy machine.
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 1.5)) {
            SitePlan plan = site.plan();
            Set<String> depthOne = new TreeSet<>(List.of("/"));
            plan.pages().get("/").links().stream().filter(l -> l.startsWith("/")).forEach(depthOne::add);
            Set<String> slow = depthOne.stream()
                    .filter(p -> plan.latency(p).toMillis() >= 500).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(3, slow.size(), slow.toString());
            long fastest = slow.stream().mapToLong(p -> site.latency(p).toMillis()).min().orElseThrow();
            long slowestOther = depthOne.stream().filter(p -> !slow.contains(p))
                    .mapToLong(p -> site.latency(p).toMillis()).max().orElseThrow();
            assertTrue(fastest - slowestOther >= 400, fastest + " vs " + slowestOther);
            Duration timeout = Duration.ofMillis((fastest + slowestOther) / 2);

            CrawlReport report = Scraper.crawl(options(site).withDepth(1).withTimeout(timeout).withRetries(1),
                    Progress.none());
            Map<String, PageResult> pages = byPath(report);

            assertEquals(depthOne, new TreeSet<>(pages.keySet()), "the crawl went on");
            for (String path : slow) {
                PageResult page = pages.get(path);
                assertEquals(Outcome.TIMEOUT, page.outcome(), path);
                assertEquals(2, page.attempts(), "a timeout is retried once: " + path);
                assertEquals(0, page.status());
                assertTrue(page.time().compareTo(timeout.multipliedBy(2)) >= 0, page.time().toString());
            }
            assertEquals(Outcome.OK, pages.get(SitePlan.FLAKY_PATH).outcome());
            assertEquals(slow.size() + 1, report.failures(), "the timeouts and /contact-us");
        }
    }

    @Test
    void theTimeoutCoversTheBodyToo() throws Exception {
        // Headers at once, then a body that takes 3 s: the request's own timeout (headers only)
        // would not fire; the scraper's does, and the crawl does not wait for the body.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("<title>slow".getBytes(StandardCharsets.UTF_8));
                body.flush();
                Thread.sleep(3000);
                body.write("</title>".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException | IOException stopped) {
                // the server is stopping or the client gave up
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            CrawlOptions options = CrawlOptions.defaults(List.of(url)).withTimeout(Duration.ofMillis(300)).withRetries(0);
            long start = System.nanoTime();
            CrawlReport report = Scraper.crawl(options, Progress.none());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Outcome.TIMEOUT, report.pages().get(0).outcome());
            assertTrue(millis < 2500, "the crawl waited " + millis + " ms");
        } finally {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    @Test
    void reportsBadInputPerPageAndCarriesOn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            String refused = "http://127.0.0.1:" + closedPort + "/";
            String missing = site.root().resolve("/no-such-page").toString();
            CrawlOptions options = new CrawlOptions(
                    List.of("not a url", "ftp://example.com/file", refused, missing, site.root() + "catalogue.pdf",
                            site.root().toString()),
                    0, 4, Duration.ofSeconds(2), 1, Duration.ofMillis(20), 1 << 20, 100);
            CrawlReport report = Scraper.crawl(options, Progress.none());
            Map<String, PageResult> byUrl = report.pages().stream()
                    .collect(Collectors.toMap(PageResult::url, Function.identity()));

            assertEquals(6, report.pages().size(), byUrl.keySet().toString());
            assertEquals(Outcome.INVALID_URL, byUrl.get("not a url").outcome());
            assertEquals(Outcome.INVALID_URL, byUrl.get("ftp://example.com/file").outcome());
            assertTrue(byUrl.get("ftp://example.com/file").detail().contains("unsupported scheme ftp"));
            assertEquals(Outcome.REFUSED, byUrl.get(refused).outcome());
            assertEquals(2, byUrl.get(refused).attempts(), "refused is transient: retried once");
            assertEquals(Outcome.HTTP_ERROR, byUrl.get(missing).outcome());
            assertEquals(1, byUrl.get(missing).attempts(), "a 404 is not retried");
            assertEquals(Outcome.NOT_HTML, byUrl.get(site.root() + "catalogue.pdf").outcome());
            assertEquals(Outcome.OK, byUrl.get(site.root().toString()).outcome());
            assertEquals(4, report.failures());
        }
    }

    @Test
    void anUnknownHostIsReportedAsSuchAndNotRetried() {
        CrawlOptions options = new CrawlOptions(List.of("http://no-such-host.invalid/"), 0, 4,
                Duration.ofSeconds(20), 2, Duration.ofMillis(20), 1 << 20, 100);
        PageResult page = Scraper.crawl(options, Progress.none()).pages().get(0);
        assertEquals(Outcome.UNKNOWN_HOST, page.outcome(), page.toString());
        assertEquals("unknown host", page.detail());
        assertEquals(1, page.attempts(), "an unknown host is not transient: no retry");
    }

    @Test
    void followsLinksOnlyToTheGivenDepth() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            CrawlReport report = Scraper.crawl(options(site).withDepth(1), Progress.none());
            Set<String> expected = new TreeSet<>(List.of("/"));
            site.plan().pages().get("/").links().stream().filter(l -> l.startsWith("/")).forEach(expected::add);
            assertEquals(expected, new TreeSet<>(byPath(report).keySet()));
            assertTrue(report.pages().stream().allMatch(p -> p.depth() <= 1));
        }
    }

    @Test
    void capsBodySizes() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            CrawlReport report = Scraper.crawl(options(site).withDepth(1).withMaxBodyBytes(1000), Progress.none());
            PageResult home = byPath(report).get("/");
            assertEquals(1000, home.bytes());
            assertTrue(home.truncated());
            assertEquals("Lantern Books - home", home.title());
            assertTrue(report.pages().stream().allMatch(p -> p.bytes() <= 1000));
        }
    }

    @Test
    void stopsQueueingAtThePageLimit() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1)) {
            CrawlOptions options = options(site);
            options = new CrawlOptions(options.startUrls(), 3, 4, options.timeout(), 0, Duration.ZERO, 1 << 20, 10);
            CrawlReport report = Scraper.crawl(options, Progress.none());
            assertEquals(10, report.pages().size());
            assertTrue(report.capped());
            assertEquals(10, site.requestCount());
        }
    }

    @Test
    void concurrentCrawlIsMarkedlyFasterThanSequential() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.5)) {
            CrawlReport concurrent = Scraper.crawl(options(site), Progress.none());
            CrawlReport sequential = Scraper.crawl(options(site).withConcurrency(1), Progress.none());
            assertEquals(concurrent.pages().size(), sequential.pages().size());
            double speedUp = (double) sequential.wall().toNanos() / concurrent.wall().toNanos();
            assertTrue(speedUp >= 4, "concurrent " + concurrent.wall() + ", sequential " + sequential.wall());
            // The estimate (sum of per-page times) is in the range of a real one-by-one crawl; it
            // runs high when many requests share a few busy cores, which lengthens each one.
            double estimateRatio = (double) concurrent.estimatedSequential().toNanos() / sequential.wall().toNanos();
            assertTrue(estimateRatio > 0.7 && estimateRatio < 2.0, "estimate / measured = " + estimateRatio);
        }
    }

    /**
     * The crawl is a stream: pages reach the consumer while the crawl goes on (the first row
     * arrives while requests are still being answered), in the order they finish.
     */
    @Test
    void pagesReachTheConsumerWhileTheCrawlGoesOn() throws Exception {
        try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.2)) {
            List<Integer> requestsWhenSeen = new java.util.ArrayList<>();
            CrawlReport report = Scraper.crawl(options(site), Progress.none(),
                    page -> requestsWhenSeen.add(site.requestCount()));
            assertEquals(report.pages().size(), requestsWhenSeen.size());
            int total = site.requestCount();
            assertTrue(requestsWhenSeen.get(0) < total / 2,
                    "the first page arrived after " + requestsWhenSeen.get(0) + " of " + total + " requests");
        }
    }
}
