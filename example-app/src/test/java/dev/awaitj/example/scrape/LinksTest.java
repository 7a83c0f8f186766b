package dev.awaitj.example.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class LinksTest {

    @Test
    void keepsSameSiteLinksAbsoluteWithoutFragmentsEachOnce() {
        URI page = URI.create("http://127.0.0.1:8080/books/");
        String html = "<a href='/'>home</a><a href='the-iron-ferry#reviews'>a</a><a href='the-iron-ferry'>b</a>"
                + "<a href='https://example.org/x'>other site</a><a href='http://127.0.0.1:9090/'>other port</a>"
                + "<a href='mailto:x@y.z'>mail</a><a href='javascript:void(0)'>js</a><a href='#top'>top</a>"
                + "<a href='../about?x=1'>about</a><a>no href</a>";
        List<URI> links = Links.sameSite(Jsoup.parse(html, page.toString()), page);
        assertEquals(List.of(URI.create("http://127.0.0.1:8080/"),
                URI.create("http://127.0.0.1:8080/books/the-iron-ferry"),
                URI.create("http://127.0.0.1:8080/books/"), // #top: the page itself
                URI.create("http://127.0.0.1:8080/about?x=1")), links);
    }

    @Test
    void normalizesSchemeHostPortAndEmptyPath() {
        assertEquals(Optional.of(URI.create("http://example.com/")), Links.normalize("HTTP://Example.COM"));
        assertEquals(Optional.of(URI.create("https://example.com/a")), Links.normalize("https://example.com:443/a#f"));
        assertEquals(Optional.of(URI.create("http://example.com:8080/a?q=1")), Links.normalize(" http://example.com:8080/a?q=1 "));
    }

    @Test
    void rejectsWhatCannotBeCrawled() {
        for (String bad : new String[] {"", "  ", "mailto:a@b.c", "ftp://example.com/", "/relative", "http://",
            "http://exa mple.com/", "javascript:alert(1)"}) {
            assertEquals(Optional.empty(), Links.normalize(bad), bad);
        }
    }

    @Test
    void sameSiteMeansSameSchemeHostAndEffectivePort() {
        assertTrue(Links.sameSite(URI.create("http://a.com/x"), URI.create("http://A.com:80/y")));
        assertFalse(Links.sameSite(URI.create("http://a.com/x"), URI.create("https://a.com/x")));
        assertFalse(Links.sameSite(URI.create("http://a.com/x"), URI.create("http://b.a.com/x")));
        assertFalse(Links.sameSite(URI.create("http://a.com:81/"), URI.create("http://a.com/")));
    }
}
