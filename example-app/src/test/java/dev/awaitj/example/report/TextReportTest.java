package dev.awaitj.example.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.example.scrape.CrawlReport;
import dev.awaitj.example.scrape.Outcome;
import dev.awaitj.example.scrape.PageResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextReportTest {

    private static List<String> lines(CrawlReport report) {
        return lines(report, ReportFixtures.HOME);
    }

    private static List<String> lines(CrawlReport report, URI home) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextReport.write(report, home, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void listsEveryPageByDepthThenUrlWithStatusTimeSizeAndTitle() {
        List<String> lines = lines(ReportFixtures.report());
        assertTrue(lines.get(0).matches("STATUS\\s+TIME\\s+SIZE\\s+URL\\s+TITLE / NOTE"), lines.get(0));
        assertTrue(lines.get(1).matches("invalid url\\s+-\\s+-\\s+htp:/nope \"quoted\"\\s+unsupported scheme htp"), lines.get(1));
        assertTrue(lines.get(2).matches("200\\s+40 ms\\s+7\\.6 kB\\s+http://127\\.0\\.0\\.1:4000/\\s+Lantern Books - home"),
                "a start URL is shown in full, naming its site: " + lines.get(2));
        assertTrue(lines.get(3).matches("200\\s+60 ms\\s+6\\.4 kB\\s+/books/\\s+All books"), lines.get(3));
        assertTrue(lines.get(4).matches("200\\s+90 ms\\s+3\\.6 kB\\s+/catalogue.pdf\\s+\\(not HTML: application/pdf\\)"), lines.get(4));
        assertTrue(lines.get(5).matches("404\\s+25 ms\\s+100 B\\s+/contact-us\\s+HTTP 404 Not Found"), lines.get(5));
        assertTrue(lines.get(6).matches("301\\s+20 ms\\s+120 B\\s+/shop\\s+-> /books/"), lines.get(6));
        assertTrue(lines.get(7).matches("timeout\\s+1600 ms\\s+-\\s+/events/archive\\s+timed out \\[3 attempts\\]"), lines.get(7));
        assertEquals("", lines.get(8));
    }

    @Test
    void aFailedExternalStartUrlNamesItsHostAndACrawlWithoutRequestsHasNoSpeedUp() {
        CrawlReport report = new CrawlReport(List.of(
                new PageResult("http://no-such-host.invalid/", 0, Outcome.UNKNOWN_HOST, 0, "", 0, false, "",
                        Duration.ofMillis(3), 1, "unknown host", List.of()),
                new PageResult("http://no-such-host.invalid/a", 1, Outcome.UNKNOWN_HOST, 0, "", 0, false, "",
                        Duration.ofMillis(3), 1, "unknown host", List.of())),
                4, Duration.ofMillis(5), Optional.empty(), false);
        List<String> failed = lines(report, URI.create("http://no-such-host.invalid/"));
        assertTrue(failed.get(1).matches("unknown host\\s+3 ms\\s+-\\s+http://no-such-host\\.invalid/\\s+unknown host"), failed.get(1));
        assertTrue(failed.get(2).matches("unknown host\\s+3 ms\\s+-\\s+/a\\s+unknown host"), "links stay paths: " + failed.get(2));

        CrawlReport onlyInvalid = new CrawlReport(List.of(PageResult.invalid("htp:/nope", 0, "unsupported scheme htp")),
                4, Duration.ofMillis(2), Optional.empty(), false);
        List<String> lines = lines(onlyInvalid, null);
        assertEquals("  speed-up    - (no request was made)", lines.get(lines.size() - 1), "not 0.0x");
    }

    @Test
    void alignsColumnsEvenForLongStatuses() {
        List<String> lines = lines(ReportFixtures.report());
        int url = lines.get(0).indexOf("URL");
        int title = lines.get(0).indexOf("TITLE");
        for (String row : lines.subList(1, 8)) {
            assertEquals("  ", row.substring(url - 2, url), row);
            assertTrue(row.charAt(url) != ' ', row);
            assertTrue(row.charAt(title) != ' ' && row.charAt(title - 1) == ' ', row);
        }
    }

    @Test
    void summarizesWithAnEstimatedSequentialTimeLabelledSo() {
        List<String> lines = lines(ReportFixtures.report());
        String summary = String.join("\n", lines.subList(9, lines.size()));
        assertEquals(String.join("\n",
                "Summary",
                "  pages       7 (2 HTML, 1 redirect, 1 not HTML)",
                "  failures    3 (1 http error, 1 timeout, 1 invalid url)",
                "  bytes       17.8 kB",
                "  wall time   0.50 s (up to 8 requests at a time)",
                "  sequential  1.84 s (estimated: sum of per-page times; --sequential measures it)",
                "  speed-up    3.7x"), summary);
    }

    @Test
    void saysWhenTheSequentialTimeWasMeasured() {
        List<String> lines = lines(ReportFixtures.report().withMeasuredSequential(Duration.ofMillis(2500)));
        assertTrue(lines.contains("  sequential  2.50 s (measured: the same crawl again, one request at a time)"), lines.toString());
        assertTrue(lines.contains("  speed-up    5.0x"), lines.toString());
    }
}
