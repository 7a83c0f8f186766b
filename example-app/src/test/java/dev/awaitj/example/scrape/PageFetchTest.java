package dev.awaitj.example.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.example.site.DemoSite;
import dev.awaitj.example.site.SitePlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synchronous half of a fetch, against the demo site with a plain blocking send. */
class PageFetchTest {
    private static DemoSite site;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        site = DemoSite.start(DemoSite.DEFAULT_SEED, 0.1);
        http = PageFetch.newClient(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    private static PageResult fetch(String path, long cap) throws Exception {
        URI url = site.root().resolve(path);
        HttpResponse<CappedBody> response = http.send(PageFetch.request(url, Duration.ofSeconds(2)), CappedBody.handler(cap));
        return PageFetch.fromResponse(url, 1, response, Duration.ofMillis(5), 1);
    }

    @Test
    void parsesTitleAndSameSiteLinks() throws Exception {
        PageResult home = fetch("/", 1 << 20);
        assertEquals(Outcome.OK, home.outcome());
        assertEquals(200, home.status());
        assertEquals("Lantern Books - home", home.title());
        assertEquals(site.plan().pages().get("/").html().length(), home.bytes());
        assertFalse(home.truncated());
        // the header links home; external and mailto links are not followed; #top is the page itself
        assertEquals(List.of("/", "/books/", "/authors/", "/events/", "/about", "/books/the-iron-ferry", "/events/book-fair",
                "/about/history", "/events/archive", "/shop", "/catalogue.pdf", "/contact-us"),
                home.links().stream().map(URI::getPath).toList());
    }

    @Test
    void reportsA404AsAnHttpError() throws Exception {
        PageResult gone = fetch("/contact-us", 1 << 20);
        assertEquals(Outcome.HTTP_ERROR, gone.outcome());
        assertEquals(404, gone.status());
        assertEquals("HTTP 404 Not Found", gone.detail());
        assertTrue(gone.links().isEmpty());
    }

    @Test
    void reportsARedirectWithItsTargetAsLink() throws Exception {
        PageResult shop = fetch(SitePlan.REDIRECT_PATH, 1 << 20);
        assertEquals(Outcome.REDIRECT, shop.outcome());
        assertEquals(301, shop.status());
        assertEquals(List.of(site.root().resolve(SitePlan.REDIRECT_TARGET)), shop.links());
    }

    @Test
    void countsButDoesNotParseNonHtml() throws Exception {
        PageResult pdf = fetch(SitePlan.PDF_PATH, 1 << 20);
        assertEquals(Outcome.NOT_HTML, pdf.outcome());
        assertEquals("application/pdf", pdf.contentType());
        assertEquals(site.plan().pdf().length, pdf.bytes());
        assertFalse(pdf.isFailure());
    }

    @Test
    void cutsBodiesAtTheCap() throws Exception {
        PageResult home = fetch("/", 1000);
        assertEquals(Outcome.OK, home.outcome());
        assertEquals(1000, home.bytes());
        assertTrue(home.truncated());
        assertEquals("Lantern Books - home", home.title(), "the head is within the first 1000 bytes");
        PageResult pdf = fetch(SitePlan.PDF_PATH, 100);
        assertEquals(100, pdf.bytes());
        assertTrue(pdf.truncated());
    }

    @Test
    void aBodyExactlyAtTheCapIsNotCut() throws Exception {
        int length = site.plan().pages().get("/").html().length();
        PageResult home = fetch("/", length);
        assertEquals(length, home.bytes());
        assertFalse(home.truncated());
    }

    @Test
    void startUrlsMustBeAbsoluteHttp() {
        assertEquals(URI.create("http://example.com/"), PageFetch.parseStartUrl("http://Example.com"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageFetch.parseStartUrl("example.com"))
                .getMessage().contains("try http://example.com"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PageFetch.parseStartUrl("ftp://example.com/"))
                .getMessage().contains("unsupported scheme ftp"));
        assertThrows(IllegalArgumentException.class, () -> PageFetch.parseStartUrl("http://exa mple.com/"));
        assertThrows(IllegalArgumentException.class, () -> PageFetch.parseStartUrl("http:///nohost"));
    }
}
