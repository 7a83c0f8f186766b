package dev.awaitj.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line, run in-process with captured streams. */
class MainTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scrapesTheDemoSiteByDefaultAndPrintsTableAndSummary() {
        Run run = run("--demo-latency", "0.2", "--progress", "always");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("STATUS"), lines.get(0));
        assertTrue(run.out().contains("Lantern Books - home"), run.out());
        assertTrue(run.out().contains("(not HTML: application/pdf)"), run.out());
        assertTrue(run.out().contains("HTTP 404 Not Found"), run.out());
        assertTrue(run.out().contains("-> /books/"), run.out());
        assertTrue(run.out().contains("\nSummary\n  pages       50 (43 HTML, 1 redirect, 1 not HTML)\n"
                + "  failures    5 (5 http error)\n"), run.out());
        assertTrue(run.out().contains("(estimated: sum of per-page times; --sequential measures it)"), run.out());
        assertTrue(run.out().matches("(?s).*\n  speed-up    \\d+\\.\\dx\n"), run.out());
        assertTrue(run.err().startsWith("Scraping the embedded demo site at http://127.0.0.1:"), run.err());
        assertTrue(run.err().contains("\rscraping: "), "the progress line: " + run.err());
    }

    @Test
    void measuresTheSequentialCrawlWhenAsked() {
        Run run = run("--demo-latency", "0.1", "--progress", "never", "--sequential");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("(measured: the same crawl again, one request at a time)"), run.out());
        assertTrue(run.err().contains("Crawling again one request at a time"), run.err());
    }

    @Test
    void liveWritesEachRowAsTheCrawlStreamsItThenTheSummary() {
        Run run = run("--demo-latency", "0.1", "--live");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("STATUS"), lines.get(0));
        int summary = lines.indexOf("Summary");
        assertEquals(50, summary - 2, "a row per page, then a blank line: " + run.out());
        assertTrue(run.out().contains("Lantern Books - home"), run.out());
        assertTrue(run.out().contains("\nSummary\n  pages       50 (43 HTML, 1 redirect, 1 not HTML)\n"), run.out());
        assertTrue(!run.err().contains("\rscraping: "), "no progress line: the table is the progress");
    }

    @Test
    void writesJsonWhenAsked() {
        Run run = run("--demo-latency", "0.1", "--progress", "never", "--json", "-c", "4", "--depth", "1");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("{\"summary\": {\"pages\": 12, \"failures\": 1,"), run.out());
        assertTrue(run.out().contains("\"concurrency\": 4"), run.out());
        assertTrue(run.out().strip().endsWith("}]}"), run.out());
    }

    @Test
    void helpDocumentsEveryOptionAndCommand() {
        Run run = run("--help");
        assertEquals(0, run.status());
        for (String documented : new String[] {"--depth", "--concurrency", "--timeout", "--retries", "--max-body",
            "--max-pages", "--sequential", "--live", "--json", "--progress", "--demo-latency", "--demo-seed", "--version",
            "hello", "serve", "URL", "Examples:", "Exit status"}) {
            assertTrue(run.out().contains(documented), documented + " in\n" + run.out());
        }
    }

    @Test
    void rejectsBadOptionsWithExitStatus2BeforeStartingAnything() {
        Run run = run("--concurrency", "0");
        assertEquals(2, run.status());
        assertEquals("--concurrency must be 1 or more, not 0\nTry 'awaitj-example --help' for the options.\n",
                run.err().replace("\r\n", "\n"));
        assertEquals("", run.out());
        assertEquals(2, run("--timeout", "soon").status());
        assertEquals(2, run("--no-such-option").status());
    }

    @Test
    void saysHelloThenWorldASecondLater() {
        long start = System.nanoTime();
        Run run = run("hello");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("Hello", "World"), run.out().lines().toList());
        assertTrue(millis >= 1000 && millis < 3000, millis + " ms");
    }
}
