package dev.awaitj.example.scrape;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Which links of a page the scraper follows: same-site http(s) links, normalised, each once. */
public final class Links {
    private Links() {
    }

    /**
     * The links of {@code page} (parsed with its own URL as base URI) that stay on {@code page}'s
     * site, absolute and without fragments, in document order, each once.
     */
    public static List<URI> sameSite(Document page, URI pageUrl) {
        Set<URI> found = new LinkedHashSet<>();
        for (Element a : page.select("a[href]")) {
            normalize(a.absUrl("href")).filter(link -> sameSite(link, pageUrl)).ifPresent(found::add);
        }
        return new ArrayList<>(found);
    }

    /**
     * {@code text} as a crawlable URL: absolute http or https, host lower-cased, fragment dropped,
     * empty path made {@code /}; empty for anything else (mailto:, javascript:, garbage).
     */
    public static Optional<URI> normalize(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String port = uri.getPort() < 0 || uri.getPort() == defaultPort(scheme) ? "" : ":" + uri.getPort();
            String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
            return Optional.of(new URI(scheme + "://" + userInfo + uri.getHost().toLowerCase(Locale.ROOT) + port + path + query));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether two URLs are on the same site: same scheme, host and (effective) port. */
    public static boolean sameSite(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getHost() != null && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
