package dev.awaitj.example.scrape;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The synchronous half of fetching a page: building the request and turning an answer (or a
 * failure) into a {@link PageResult}. The asynchronous half — sending, waiting, retrying — is
 * {@link Scraper}'s.
 */
public final class PageFetch {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");
    private static final String USER_AGENT = "awaitj-example/0.1 (+https://github.com/awaitj)";

    private PageFetch() {
    }

    /**
     * The HTTP client the scraper uses: HTTP/1.1 (one request per connection at a time, like a
     * browser), no automatic redirects (the scraper reports and queues them), and the JVM's
     * proxy settings ({@code -Dhttps.proxyHost=...}).
     */
    public static HttpClient newClient(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout);
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        return builder.build();
    }

    /**
     * Loads the HTML parser (a few hundred classes: a quarter of a second on a cold JVM) by parsing
     * a tiny page, so that a crawl's timings measure crawling, not the JVM's warm-up.
     */
    public static void loadParser() {
        Links.sameSite(Jsoup.parse("<title>t</title><a href='/'>a</a>", "http://localhost/"), URI.create("http://localhost/"));
    }

    /** A GET of {@code url} that gives up waiting for the answer's headers after {@code timeout}. */
    public static HttpRequest request(URI url, Duration timeout) {
        return HttpRequest.newBuilder(url)
                .GET()
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
                .build();
    }

    /**
     * The start URL {@code text} as a URI the scraper can fetch, or an {@link IllegalArgumentException}
     * saying why not.
     */
    public static URI parseStartUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(scheme.isEmpty()
                    ? "not an absolute URL (try http://" + text.strip() + ")"
                    : "unsupported scheme " + scheme + ": (only http and https)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in URL");
        }
        return Links.normalize(uri.toString()).orElseThrow(() -> new IllegalArgumentException("not a crawlable URL"));
    }

    /** What an answer says about the page: parsed HTML, a redirect, a non-HTML resource or an HTTP error. */
    public static PageResult fromResponse(URI url, int depth, HttpResponse<CappedBody> response, Duration time,
                                          int attempts) {
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        CappedBody body = response.body();
        if (status / 100 == 3) {
            String location = response.headers().firstValue("Location").orElse("");
            List<URI> target = Links.normalize(location.isEmpty() ? "" : url.resolve(location.strip()).toString())
                    .filter(t -> Links.sameSite(t, url)).map(List::of).orElse(List.of());
            String detail = location.isEmpty() ? "redirect without Location" : url.resolve(location.strip()).toString();
            return new PageResult(url.toString(), depth, Outcome.REDIRECT, status, "", body.length(), body.truncated(),
                    contentType, time, attempts, detail, target);
        }
        if (status / 100 != 2) {
            Failure failure = Failure.ofStatus(status);
            return new PageResult(url.toString(), depth, failure.outcome(), status, "", body.length(), body.truncated(),
                    contentType, time, attempts, failure.message() + " " + reason(status), List.of());
        }
        if (!CappedBody.isHtml(contentType)) {
            return new PageResult(url.toString(), depth, Outcome.NOT_HTML, status, "", body.length(), body.truncated(),
                    contentType, time, attempts, "", List.of());
        }
        Document doc = parse(body.bytes(), contentType, url);
        String title = doc.title().isBlank() ? doc.select("h1").text() : doc.title();
        return new PageResult(url.toString(), depth, Outcome.OK, status, title.strip(), body.length(), body.truncated(),
                contentType, time, attempts, "", Links.sameSite(doc, url));
    }

    /** A failed last attempt as a result. */
    public static PageResult fromFailure(URI url, int depth, Failure failure, Duration time, int attempts) {
        return new PageResult(url.toString(), depth, failure.outcome(), 0, "", 0, false, "", time, attempts,
                failure.message(), List.of());
    }

    /** Parses with the header's charset, or lets jsoup find it (BOM, meta tag; UTF-8 otherwise). */
    private static Document parse(byte[] bytes, String contentType, URI url) {
        Matcher m = CHARSET.matcher(contentType);
        String charset = null;
        if (m.find()) {
            try {
                charset = Charset.isSupported(m.group(1)) ? m.group(1) : null;
            } catch (IllegalArgumentException illegalName) {
                charset = null;
            }
        }
        try {
            return Jsoup.parse(new ByteArrayInputStream(bytes), charset, url.toString());
        } catch (IOException | IllegalArgumentException unreadable) {
            return Jsoup.parse(new String(bytes, StandardCharsets.UTF_8), url.toString());
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
