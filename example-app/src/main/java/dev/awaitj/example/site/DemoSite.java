package dev.awaitj.example.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded demo site: the JDK's {@link HttpServer} on 127.0.0.1 and a free port, serving a
 * {@link SitePlan}.
 *
 * <p>Latency is simulated without holding a thread per request: the handler returns at once and
 * the answer is scheduled on a timer, so a hundred requests waiting 500 ms cost no hundred
 * threads — the server side of the same idea the scraper demonstrates.
 *
 * <p>The site also measures its clients: how many requests are in flight right now and at most
 * ({@link #maxInFlight()}), which is how tests check that a scraper honours its concurrency limit.
 * A request counts as in flight from its arrival until its answer starts to be written, so the
 * count never includes a request whose client may already have moved on.
 *
 * <pre>{@code
 * try (DemoSite site = DemoSite.start(DemoSite.DEFAULT_SEED, 1.0)) {
 *     URI home = site.root();
 * }
 * }</pre>
 */
public final class DemoSite implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server writes headers and body as two small segments, and
        // Nagle's algorithm meets the client's delayed ACK: every answer would wait ~40 ms more.
        // Read once, when the JDK's server configuration loads: before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The seed of the default site. */
    public static final long DEFAULT_SEED = 42;

    private final SitePlan plan;
    private final double latencyScale;
    private final HttpServer server;
    private final ScheduledExecutorService timer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final byte[] pdf;

    private DemoSite(SitePlan plan, double latencyScale, int port) throws IOException {
        if (!(latencyScale >= 0)) {
            throw new IllegalArgumentException("latency scale must be >= 0: " + latencyScale);
        }
        this.plan = plan;
        this.latencyScale = latencyScale;
        this.pdf = plan.pdf();
        this.timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "demo-site-timer");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.createContext("/", this::handle);
        // The handler only schedules, so the server's own dispatcher thread is enough to run it.
        server.setExecutor(null);
        server.start();
    }

    /** Starts the site generated from {@code seed}, with every latency multiplied by {@code latencyScale}, on a free port. */
    public static DemoSite start(long seed, double latencyScale) throws IOException {
        return start(seed, latencyScale, 0);
    }

    /** Like {@link #start(long, double)} on the given port of 127.0.0.1 (0: a free one). */
    public static DemoSite start(long seed, double latencyScale, int port) throws IOException {
        return new DemoSite(SitePlan.generate(seed), latencyScale, port);
    }

    /** Starts the default site with its real latencies. */
    public static DemoSite start() throws IOException {
        return start(DEFAULT_SEED, 1.0);
    }

    /** The home page, e.g. {@code http://127.0.0.1:39211/}. */
    public URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** What this site serves. */
    public SitePlan plan() {
        return plan;
    }

    /** The latency the site really waits before answering {@code path}, after scaling. */
    public Duration latency(String path) {
        return scaled(plan.latency(path));
    }

    /** The most requests that were in flight at once since start or {@link #resetStats()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Requests received since start or {@link #resetStats()}. */
    public int requestCount() {
        return requests.get();
    }

    /** Requests received for {@code path} since start or {@link #resetStats()}. */
    public int requestCount(String path) {
        AtomicInteger n = requestsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** Clears the request counters (not the in-flight count itself). */
    public void resetStats() {
        maxInFlight.set(inFlight.get());
        requests.set(0);
        requestsByPath.clear();
    }

    /** Stops the server and its timer; requests still waiting are dropped. */
    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        requests.incrementAndGet();
        int perPath = requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Duration delay = latency(path);
        timer.schedule(() -> respond(exchange, path, perPath), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void respond(HttpExchange exchange, String path, int perPath) {
        inFlight.decrementAndGet();
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            SitePlan.Page page = plan.pages().get(path);
            if (path.equals(SitePlan.FLAKY_PATH) && perPath % 2 == 1) {
                // Every other request fails, so each crawl meets one transient failure here.
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 503, "text/html; charset=utf-8", errorPage("503 Service Unavailable"));
            } else if (page != null) {
                send(exchange, 200, "text/html; charset=utf-8", page.html().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals(SitePlan.REDIRECT_PATH)) {
                exchange.getResponseHeaders().set("Location", SitePlan.REDIRECT_TARGET);
                send(exchange, 301, "text/html; charset=utf-8", errorPage("301 Moved Permanently"));
            } else if (path.equals(SitePlan.PDF_PATH)) {
                send(exchange, 200, "application/pdf", pdf);
            } else {
                send(exchange, 404, "text/html; charset=utf-8", errorPage("404 Not Found"));
            }
        } catch (IOException clientWentAway) {
            // The client gave up (a timeout): nothing to answer.
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Server", "awaitj-demo-site");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] errorPage(String what) {
        return ("<!doctype html><html><head><title>" + what + "</title></head><body><h1>" + what
                + "</h1></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    private Duration scaled(Duration d) {
        return Duration.ofNanos(Math.round(d.toNanos() * latencyScale));
    }
}
