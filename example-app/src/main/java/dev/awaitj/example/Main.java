package dev.awaitj.example;

import dev.awaitj.example.hello.HelloWorld;
import dev.awaitj.example.report.JsonReport;
import dev.awaitj.example.report.Progress;
import dev.awaitj.example.report.TextReport;
import dev.awaitj.example.scrape.CrawlOptions;
import dev.awaitj.example.scrape.CrawlReport;
import dev.awaitj.example.scrape.Links;
import dev.awaitj.example.scrape.PageFetch;
import dev.awaitj.example.scrape.Scraper;
import dev.awaitj.example.site.DemoSite;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code awaitj-example [options] [URL...]} scrapes (the embedded demo site when
 * no URL is given), {@code awaitj-example hello} runs the asyncio tutorial's hello-world, and
 * {@code awaitj-example serve} keeps the demo site up to explore it by hand.
 */
@Command(name = "awaitj-example",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = {Main.Hello.class, Main.Serve.class, CommandLine.HelpCommand.class},
        description = {
            "Scrapes web pages concurrently: @Async methods await the JDK HttpClient's sendAsync, jsoup parses"
                    + " the HTML, and same-site links are followed to --depth, at most --concurrency requests at a"
                    + " time. Bad URLs, refused connections, timeouts, HTTP errors and non-HTML resources are"
                    + " reported per page and never stop the run.",
            "",
            "With no URL it starts an embedded demo site on 127.0.0.1 (a small bookshop: a few dozen pages with"
                    + " realistic latency, some slow, some broken links, a redirect and a PDF) and scrapes that.",
            "",
            "While it works, a progress line on stderr shows pages done and queued, failures and elapsed time;"
                    + " then it prints a table of pages (status, time, size, title) and a summary with the wall"
                    + " time, the sequential time and the speed-up of concurrency.",
            ""},
        footer = {"",
            "Examples:",
            "  java -jar awaitj-example.jar",
            "      scrape the demo site: a table, then the summary with the speed-up",
            "  java -jar awaitj-example.jar --sequential",
            "      ...and crawl it again one request at a time to measure the sequential time",
            "  java -jar awaitj-example.jar -c 4 --json > pages.json",
            "      at most 4 requests at a time; JSON on stdout",
            "  java -jar awaitj-example.jar --depth 1 https://example.com/",
            "      a real site: the page and the pages it links to on the same site",
            "  java -jar awaitj-example.jar hello",
            "      the asyncio tutorial's hello-world",
            "",
            "Exit status: 0 when the crawl ran, whatever the pages' outcomes; 2 for bad usage;"
                    + " 1 for an unexpected error."})
public final class Main implements Callable<Integer> {

    @Parameters(paramLabel = "URL", arity = "0..*",
            description = "Where to start (http or https). Default: the embedded demo site.")
    List<String> urls = new ArrayList<>();

    @Option(names = {"-d", "--depth"}, paramLabel = "N", defaultValue = "" + CrawlOptions.DEFAULT_DEPTH,
            description = "Follow same-site links this many levels from a start URL; 0 fetches the start URLs only."
                    + " Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "" + CrawlOptions.DEFAULT_CONCURRENCY,
            description = "At most N requests in flight at once (an awaitj semaphore). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "Give up on a request after this long (e.g. 500ms, 2s, 1m). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "" + CrawlOptions.DEFAULT_RETRIES,
            description = "Retry transient failures (timeouts, refused or reset connections, 429, 502-504) up to N"
                    + " times, pausing 100 ms, then 200 ms, ... between attempts. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "2M", converter = Converters.SizeConverter.class,
            description = "Read at most SIZE bytes of a body (e.g. 65536, 512k, 2M); the rest is not downloaded and"
                    + " the page is marked as cut. Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(names = "--max-pages", paramLabel = "N", defaultValue = "" + CrawlOptions.DEFAULT_MAX_PAGES,
            description = "Fetch at most N URLs in all, a guard for large sites. Default: ${DEFAULT-VALUE}.")
    int maxPages;

    @Option(names = "--sequential",
            description = "After the concurrent crawl, crawl again one request at a time and report the measured"
                    + " sequential time (otherwise it is estimated from per-page times, and labelled so).")
    boolean sequential;

    @Option(names = "--live", description = "Write each page's row as soon as it is crawled (in the order"
            + " pages finish, consumed from the crawl's async stream), then the summary; no progress line.")
    boolean live;

    @Option(names = "--json", description = "Write the results as JSON on stdout instead of the table.")
    boolean json;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Show the live progress line on stderr: auto (on a terminal), always or never."
                    + " Default: auto.")
    Progress.Mode progress;

    @Option(names = "--demo-latency", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "Multiply the demo site's latencies by FACTOR (0.5 is twice as fast). Default: ${DEFAULT-VALUE}.")
    double demoLatency;

    @Option(names = "--demo-seed", paramLabel = "SEED", defaultValue = "" + DemoSite.DEFAULT_SEED,
            description = "Generate a different demo site (pages, links and latencies follow from the seed)."
                    + " Default: ${DEFAULT-VALUE}.")
    long demoSeed;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out, err));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            // The message and a pointer to --help; the whole usage text would bury the message.
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!(demoLatency >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--demo-latency must be >= 0");
        }
        options(List.of("http://localhost/")); // check the options before starting anything
        if (urls.isEmpty()) {
            try (DemoSite site = DemoSite.start(demoSeed, demoLatency)) {
                err.println("Scraping the embedded demo site at " + site.root()
                        + " (give URLs to scrape other sites; --help for more)");
                return scrape(List.of(site.root().toString()));
            }
        }
        return scrape(urls);
    }

    private CrawlOptions options(List<String> startUrls) {
        try {
            return new CrawlOptions(startUrls, depth, concurrency, timeout, retries, CrawlOptions.DEFAULT_BACKOFF,
                    maxBody, maxPages);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int scrape(List<String> startUrls) {
        CrawlOptions options = options(startUrls);
        if (live && !json) {
            TextReport.LiveTable table = TextReport.live(home(startUrls), out);
            CrawlReport report = Scraper.crawl(options, new Progress(err, Progress.Mode.NEVER), table::row);
            if (sequential) {
                err.println("Crawling again one request at a time (--sequential)...");
                report = report.withMeasuredSequential(
                        Scraper.crawl(options.withConcurrency(1), new Progress(err, Progress.Mode.NEVER)).wall());
            }
            table.finish(report);
            out.flush();
            return 0;
        }
        CrawlReport report = Scraper.crawl(options, new Progress(err, progress));
        if (sequential) {
            err.println("Crawling again one request at a time (--sequential)...");
            CrawlReport oneByOne = Scraper.crawl(options.withConcurrency(1), new Progress(err, progress));
            report = report.withMeasuredSequential(oneByOne.wall());
        }
        if (json) {
            JsonReport.write(report, out);
        } else {
            TextReport.write(report, home(startUrls), out);
        }
        out.flush();
        return 0;
    }

    /** The one site all valid start URLs are on, whose URLs the table shows as paths; else null. */
    private static URI home(List<String> startUrls) {
        URI home = null;
        for (String url : startUrls) {
            try {
                URI start = PageFetch.parseStartUrl(url);
                if (home == null) {
                    home = start;
                } else if (!Links.sameSite(home, start)) {
                    return null;
                }
            } catch (IllegalArgumentException invalid) {
                // shown as given
            }
        }
        return home;
    }

    /** {@code hello}: the asyncio tutorial's hello-world. */
    @Command(name = "hello", mixinStandardHelpOptions = true,
            description = {"Runs the asyncio tutorial's hello-world on awaitj's event loop: a task prints Hello,"
                    + " sleeps one second without blocking a thread, and prints World."})
    static final class Hello implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Override
        public Integer call() {
            HelloWorld.run(parent.out);
            return 0;
        }
    }

    /** {@code serve}: the demo site alone, until Ctrl-C. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Starts the embedded demo site and keeps it up until Ctrl-C, to look at with a browser or"
                    + " curl, or to scrape from another terminal."})
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        Main parent;

        @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "0",
                description = "Port on 127.0.0.1 (0: a free one). Default: ${DEFAULT-VALUE}.")
        int port;

        @Override
        public Integer call() throws Exception {
            DemoSite site = DemoSite.start(parent.demoSeed, parent.demoLatency, port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                site.close();
                stopped.countDown();
            }, "demo-site-stop"));
            parent.out.println("Demo site: " + site.root() + " (" + site.plan().pages().size()
                    + " HTML pages). Ctrl-C stops it.");
            parent.out.flush();
            stopped.await();
            return 0;
        }
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"awaitj-example " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
