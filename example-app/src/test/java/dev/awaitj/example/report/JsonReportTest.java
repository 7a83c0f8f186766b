package dev.awaitj.example.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void writesASummaryAndOneObjectPerPage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonReport.write(ReportFixtures.report(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("{\"summary\": {\"pages\": 7, \"failures\": 3, \"bytes\": 17752, \"wallMillis\": 500,"
                + " \"concurrency\": 8, \"sequentialMillis\": 1835, \"sequentialMeasured\": false, \"speedUp\": 3.67,"
                + " \"capped\": false},", lines.get(0));
        assertEquals(" \"pages\": [", lines.get(1));
        assertEquals("  {\"url\": \"htp:/nope \\\"quoted\\\"\", \"depth\": 0, \"outcome\": \"invalid url\", \"status\": 0,"
                + " \"title\": \"\", \"bytes\": 0, \"truncated\": false, \"contentType\": \"\", \"millis\": 0,"
                + " \"attempts\": 0, \"detail\": \"unsupported scheme htp\", \"links\": 0},", lines.get(2));
        assertTrue(lines.get(3).startsWith("  {\"url\": \"http://127.0.0.1:4000/\", \"depth\": 0, \"outcome\": \"ok\","
                + " \"status\": 200, \"title\": \"Lantern Books - home\""), lines.get(3));
        assertTrue(lines.get(lines.size() - 1).endsWith("}]}"));
        assertEquals(2 + 7, lines.size());
    }

    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\te\\u2028 é\"", JsonReport.quote("a\"b\\c\nd\u0001\te\u2028 é"));
    }
}
