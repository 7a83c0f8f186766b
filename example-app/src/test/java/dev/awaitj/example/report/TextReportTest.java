package dev.awaitj.example.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.example.scrape.CrawlReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    private static List<String> lines(CrawlReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextReport.write(report, ReportFixtures.HOME, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void listsEveryPageByDepthThenUrlWithStatusTimeSizeAndTitle() {
        List<String> lines = lines(ReportFixtures.report());
        assertTrue(lines.get(0).matches("STATUS\\s+TIME\\s+SIZE\\s+URL\\s+TITLE / NOTE"), lines.get(0));
        assertTrue(lines.get(1).matches("invalid url\\s+-\\s+-\\s+htp:/nope \"quoted\"\\s+unsupported scheme htp"), lines.get(1));
        assertTrue(lines.get(2).matches("200\\s+40 ms\\s+7\\.6 kB\\s+/\\s+Lantern Books - home"), lines.get(2));
        assertTrue(lines.get(3).matches("200\\s+60 ms\\s+6\\.4 kB\\s+/books/\\s+All books"), lines.get(3));
        assertTrue(lines.get(4).matches("200\\s+90 ms\\s+3\\.6 kB\\s+/catalogue.pdf\\s+\\(not HTML: application/pdf\\)"), lines.get(4));
        assertTrue(lines.get(5).matches("404\\s+25 ms\\s+100 B\\s+/contact-us\\s+HTTP 404 Not Found"), lines.get(5));
        assertTrue(lines.get(6).matches("301\\s+20 ms\\s+120 B\\s+/shop\\s+-> /books/"), lines.get(6));
        assertTrue(lines.get(7).matches("timeout\\s+1600 ms\\s+-\\s+/events/archive\\s+timed out \\[3 attempts\\]"), lines.get(7));
        assertEquals("", lines.get(8));
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
