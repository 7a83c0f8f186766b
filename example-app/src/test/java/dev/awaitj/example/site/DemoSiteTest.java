package dev.awaitj.example.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoSiteTest {
    private static DemoSite site;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.2);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(site.root().resolve(path)).build(), BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackOnAFreePort() {
        assertEquals("127.0.0.1", site.root().getHost());
        assertTrue(site.root().getPort() > 0);
    }

    @Test
    void servesTheHomePageAsHtml() throws Exception {
        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(home.body().contains("<title>Lantern Books - home</title>"), home.body());
    }

    @Test
    void answersBrokenLinksWith404() throws Exception {
        assertEquals(5, site.plan().brokenLinks().size(), "four out-of-print books and /contact-us");
        for (String broken : site.plan().brokenLinks()) {
            assertEquals(404, get(broken).statusCode(), broken);
        }
    }

    @Test
    void redirectsTheShop() throws Exception {
        HttpResponse<String> shop = get(SitePlan.REDIRECT_PATH);
        assertEquals(301, shop.statusCode());
        assertEquals(SitePlan.REDIRECT_TARGET, shop.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void servesOneNonHtmlResource() throws Exception {
        HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(site.root().resolve(SitePlan.PDF_PATH)).build(),
                BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(new String(pdf.body(), 0, 5).equals("%PDF-"));
    }

    @Test
    void theFlakyPageFailsEveryOtherRequest() throws Exception {
        int before = site.requestCount(SitePlan.FLAKY_PATH);
        int first = get(SitePlan.FLAKY_PATH).statusCode();
        int second = get(SitePlan.FLAKY_PATH).statusCode();
        assertEquals(before % 2 == 0 ? List.of(503, 200) : List.of(200, 503), List.of(first, second));
    }

    @Test
    void everyLinkLeadsSomewhereKnown() {
        SitePlan plan = site.plan();
        for (SitePlan.Page page : plan.pages().values()) {
            for (String link : page.links()) {
                if (link.startsWith("/")) {
                    assertTrue(plan.reachablePaths().contains(link), page.path() + " links to unknown " + link);
                }
            }
        }
    }

    @Test
    void isAFewDozenPagesWithVariedLatency() {
        SitePlan plan = site.plan();
        assertTrue(plan.pages().size() >= 30 && plan.pages().size() <= 60, "pages: " + plan.pages().size());
        long slow = plan.pages().keySet().stream().filter(p -> plan.latency(p).toMillis() >= 500).count();
        long fast = plan.pages().keySet().stream().filter(p -> plan.latency(p).toMillis() < 100).count();
        assertTrue(slow >= 2 && slow <= 5, "slow pages: " + slow);
        assertTrue(fast >= 5, "fast pages: " + fast);
    }

    @Test
    void isTheSameSiteForTheSameSeed() {
        SitePlan a = SitePlan.generate(7);
        SitePlan b = SitePlan.generate(7);
        assertEquals(a.pages(), b.pages());
        assertEquals(a.totalLatency(), b.totalLatency());
        assertNotEquals(a.pages().keySet(), SitePlan.generate(8).pages().keySet());
    }

    @Test
    void waitsWithoutAThreadPerRequest() throws Exception {
        // 40 requests to pages that each wait ~0.2 x their latency: served together, the batch
        // takes about the longest latency, not the sum of them.
        List<String> paths = new ArrayList<>(site.plan().pages().keySet());
        Duration longest = paths.stream().map(site::latency).max(Duration::compareTo).orElseThrow();
        Duration sum = paths.stream().map(site::latency).reduce(Duration.ZERO, Duration::plus);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
        for (String path : paths) {
            all.add(http.sendAsync(HttpRequest.newBuilder(site.root().resolve(path)).build(), BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(longest) >= 0, "faster than its slowest page? " + took);
        assertTrue(took.toMillis() < sum.toMillis() / 2, "took " + took + ", latencies add up to " + sum);
    }

    @Test
    void countsRequestsInFlight() throws Exception {
        try (DemoSite own = DemoSite.start(DemoSite.DEFAULT_SEED, 0.5)) {
            List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                URI slow = own.root().resolve("/about/history"); // 325 ms at this scale
                all.add(http.sendAsync(HttpRequest.newBuilder(slow).build(), BodyHandlers.discarding()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertEquals(6, own.maxInFlight());
            assertEquals(6, own.requestCount());
            own.resetStats();
            http.send(HttpRequest.newBuilder(own.root()).build(), BodyHandlers.discarding());
            assertEquals(1, own.maxInFlight());
        }
    }
}
