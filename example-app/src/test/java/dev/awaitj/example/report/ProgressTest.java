package dev.awaitj.example.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.example.scrape.PageResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void countsDoneQueuedInFlightAndFailed() {
        Progress progress = new Progress(System.err, Progress.Mode.NEVER);
        progress.queued();
        progress.queued();
        progress.queued();
        progress.started();
        progress.started();
        progress.finished(ReportFixtures.report().pages().get(1), true);
        progress.finished(PageResult.invalid("x", 0, "bad"), false);
        assertTrue(progress.line().matches("scraping: 2 done, 0 queued, 1 in flight, 1 failed, \\d+\\.\\d s"),
                progress.line());
    }

    @Test
    void theElapsedTimeCountsFromBeginNotFromConstruction() {
        long[] now = {0};
        Progress progress = new Progress(System.err, Progress.Mode.NEVER, () -> now[0]);
        now[0] = 630_000_000L; // the HTTP client and the parser are made before the crawl begins
        assertEquals(630_000_000L, progress.begin(), "begin() hands the crawl its start reading");
        now[0] += 1_670_000_000L;
        assertTrue(progress.line().endsWith(", 1.7 s"), progress.line());
    }

    @Test
    void redrawsInPlaceAndErasesItselfAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.ALWAYS);
        progress.queued();
        progress.tick();
        progress.finish();
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(written.startsWith("\rscraping: 0 done, 1 queued"), written);
        assertTrue(written.endsWith("\r"), written);
        assertEquals(-1, written.indexOf('\n'), "never a new line");
    }

    @Test
    void staysSilentWhenOff() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), Progress.Mode.NEVER);
        progress.queued();
        progress.tick();
        progress.finish();
        assertEquals(0, bytes.size());
    }
}
