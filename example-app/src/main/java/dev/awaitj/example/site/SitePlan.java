package dev.awaitj.example.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the demo site serves: the pages of a small fictional bookshop, "Lantern Books", with their
 * links and the latency each one answers with. Everything is derived from a seed, so the same seed
 * gives the same site, link for link and millisecond for millisecond — tests and speed-up figures
 * are repeatable.
 *
 * <p>The shape is fixed and chosen to exercise a crawler: about three dozen HTML pages within three
 * links of the home page, a few slow pages, broken links (404), one redirect, one non-HTML
 * resource and one page that fails once with 503 before it works (a transient failure to retry).
 */
public final class SitePlan {

    /** The path that answers with a redirect to the book list. */
    public static final String REDIRECT_PATH = "/shop";
    /** Where {@link #REDIRECT_PATH} redirects. */
    public static final String REDIRECT_TARGET = "/books/";
    /** The non-HTML resource. */
    public static final String PDF_PATH = "/catalogue.pdf";
    /** The page that answers 503 to its first request and 200 afterwards. */
    public static final String FLAKY_PATH = "/events/book-fair";

    private static final String[] ADJECTIVES = {"Silent", "Crimson", "Hidden", "Last", "Northern",
        "Paper", "Salt", "Winter", "Golden", "Quiet", "Broken", "Distant", "Lantern", "Iron", "Glass"};
    private static final String[] NOUNS = {"Harbour", "Orchard", "Lighthouse", "Atlas", "Garden",
        "River", "Archive", "Compass", "Meridian", "Cartographer", "Tide", "Observatory", "Ferry"};
    private static final String[] FIRST = {"Ada", "Tomas", "Mirela", "Jun", "Greta", "Idris",
        "Noor", "Pavel", "Lucia", "Oren", "Sanna", "Kofi"};
    private static final String[] LAST = {"Hollis", "Varga", "Okafor", "Lindqvist", "Marsh",
        "Delacroix", "Ibarra", "Novak", "Tanaka", "Whitlock", "Brandt", "Osei"};
    private static final String[] WORDS = ("the a of and to in is it that was for on with as at by"
            + " book chapter shelf reader story page ink light harbour night river map letter voice"
            + " winter garden city memory island journey quiet old new long small bright dark we"
            + " found wrote kept read carried remembered between under over through after before")
            .split(" ");

    private static final int SLOW_BOOK = 9;

    private final Map<String, Page> pages = new LinkedHashMap<>();
    private final Set<String> brokenLinks = new TreeSet<>();
    private final Map<String, Duration> latency = new LinkedHashMap<>();
    private final long seed;

    /** One HTML page of the site. */
    public record Page(String path, String title, List<String> links, String html) {
    }

    private SitePlan(long seed) {
        this.seed = seed;
    }

    /** The site for {@code seed}. */
    public static SitePlan generate(long seed) {
        SitePlan plan = new SitePlan(seed);
        plan.build(new Random(seed));
        return plan;
    }

    /** The seed this site was generated from. */
    public long seed() {
        return seed;
    }

    /** The HTML pages, home page first. */
    public Map<String, Page> pages() {
        return Collections.unmodifiableMap(pages);
    }

    /** Paths that pages link to but the site answers 404 for. */
    public Set<String> brokenLinks() {
        return Collections.unmodifiableSet(brokenLinks);
    }

    /**
     * Every path a full crawl from the home page reaches: HTML pages, broken links, the redirect
     * and the non-HTML resource.
     */
    public Set<String> reachablePaths() {
        Set<String> all = new TreeSet<>(pages.keySet());
        all.addAll(brokenLinks);
        all.add(REDIRECT_PATH);
        all.add(PDF_PATH);
        return all;
    }

    /** How long the site waits before answering {@code path} (unscaled). */
    public Duration latency(String path) {
        Duration d = latency.get(path);
        return d != null ? d : Duration.ofMillis(25); // 404s answer quickly
    }

    /** Sum of the latencies of every reachable path: the floor of a one-by-one crawl. */
    public Duration totalLatency() {
        return reachablePaths().stream().map(this::latency).reduce(Duration.ZERO, Duration::plus);
    }

    /** Bytes of the non-HTML resource: a tiny, valid-looking PDF. */
    public byte[] pdf() {
        StringBuilder sb = new StringBuilder("%PDF-1.4\n% Lantern Books catalogue\n");
        Random r = new Random(seed ^ 0x9df);
        for (int i = 0; i < 600; i++) {
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(i % 16 == 15 ? '\n' : ' ');
        }
        return sb.append("\n%%EOF\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------

    private void build(Random r) {
        List<String> books = new ArrayList<>();
        List<String> bookTitles = new ArrayList<>();
        Set<String> slugs = new TreeSet<>();
        while (books.size() < 22) {
            String title = "The " + pick(r, ADJECTIVES) + " " + pick(r, NOUNS);
            String slug = slug(title);
            if (slugs.add(slug)) {
                books.add("/books/" + slug);
                bookTitles.add(title);
            }
        }
        List<String> authors = new ArrayList<>();
        List<String> authorNames = new ArrayList<>();
        while (authors.size() < 10) {
            String name = pick(r, FIRST) + " " + pick(r, LAST);
            String path = "/authors/" + slug(name);
            if (!authors.contains(path)) {
                authors.add(path);
                authorNames.add(name);
            }
        }
        String[] events = {"/events/poetry-night", FLAKY_PATH, "/events/author-talks", "/events/archive"};
        String[] eventTitles = {"Poetry night", "The book fair", "Author talks", "Past events"};

        // Home and the section indexes answer quickly; articles vary; a few pages are slow.
        // The home page features the book of the month (a slow page), the book fair (the flaky
        // page), the shop's history and the event archive (slow pages too).
        page(r, "/", "Lantern Books - home", 40,
                List.of("/books/", "/authors/", "/events/", "/about", books.get(SLOW_BOOK), FLAKY_PATH, "/about/history",
                        "/events/archive", REDIRECT_PATH, PDF_PATH, "/contact-us", "https://example.org/partner",
                        "mailto:shop@lantern.example"));
        page(r, "/books/", "All books", 60, concat(books, List.of("/")));
        page(r, "/authors/", "Our authors", 55, concat(authors, List.of("/")));
        page(r, "/events/", "Events", 70, concat(List.of(events), List.of("/")));
        page(r, "/about", "About the shop", 45, List.of("/", "/about/history", "/about/staff"));
        page(r, "/about/history", "A history of the shop", 650, List.of("/about", "/"));
        page(r, "/about/staff", "Who works here", 120, List.of("/about", "/authors/"));

        // Latencies are spread evenly over a range and shuffled by the seed, so every seed's site
        // takes about as long to crawl; only which page is slow changes.
        List<Integer> bookMillis = spread(r, 120, 500, books.size());
        List<Integer> authorMillis = spread(r, 100, 400, authors.size());
        List<Integer> eventMillis = spread(r, 100, 300, events.length);
        for (int i = 0; i < books.size(); i++) {
            List<String> links = new ArrayList<>();
            links.add(authors.get(i % authors.size()));
            links.add(books.get((i + 1) % books.size()));
            links.add(books.get((i + 5) % books.size()));
            links.add("/books/");
            if (i % 5 == 2) {
                String gone = "/books/out-of-print-" + (i + 1);
                links.add(gone);
                brokenLinks.add(gone);
            }
            int millis = i == SLOW_BOOK ? 600 : bookMillis.get(i);
            page(r, books.get(i), bookTitles.get(i), millis, links);
        }
        for (int i = 0; i < authors.size(); i++) {
            List<String> links = new ArrayList<>();
            for (int b = i; b < books.size(); b += authors.size()) {
                links.add(books.get(b));
            }
            links.add("/authors/");
            page(r, authors.get(i), authorNames.get(i), authorMillis.get(i), links);
        }
        for (int i = 0; i < events.length; i++) {
            int millis = i == 3 ? 700 : eventMillis.get(i);
            page(r, events[i], eventTitles[i], millis, List.of("/events/", "/"));
        }
        brokenLinks.add("/contact-us");
        latency.put(REDIRECT_PATH, Duration.ofMillis(20));
        latency.put(PDF_PATH, Duration.ofMillis(90));
    }

    private void page(Random r, String path, String title, int millis, List<String> links) {
        latency.put(path, Duration.ofMillis(millis));
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(title).append("</title>\n</head>\n<body>\n<header><a href=\"/\">Lantern Books</a></header>\n")
                .append("<h1>").append(title).append("</h1>\n");
        int paragraphs = 3 + r.nextInt(14);
        for (int p = 0; p < paragraphs; p++) {
            html.append("<p>");
            int words = 40 + r.nextInt(80);
            for (int w = 0; w < words; w++) {
                html.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            html.append(".</p>\n");
        }
        html.append("<nav><ul>\n");
        for (String link : links) {
            html.append("<li><a href=\"").append(link).append("\">").append(link).append("</a></li>\n");
        }
        html.append("<li><a href=\"#top\">Back to top</a></li>\n</ul></nav>\n</body>\n</html>\n");
        pages.put(path, new Page(path, title, List.copyOf(links), html.toString()));
    }

    /** {@code n} values evenly spread from {@code low} to {@code high}, in a seeded random order. */
    private static List<Integer> spread(Random r, int low, int high, int n) {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(n == 1 ? low : low + (high - low) * i / (n - 1));
        }
        Collections.shuffle(values, r);
        return values;
    }

    private static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    private static String slug(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
