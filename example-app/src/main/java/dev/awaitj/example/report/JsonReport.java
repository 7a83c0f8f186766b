package dev.awaitj.example.report;

import dev.awaitj.example.scrape.CrawlReport;
import dev.awaitj.example.scrape.PageResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The report for programs ({@code --json}): one JSON object with a summary and one entry per URL.
 *
 * <pre>{@code
 * {"summary": {"pages": 45, "failures": 5, "bytes": 245123, "wallMillis": 951, "concurrency": 16,
 *              "sequentialMillis": 8988, "sequentialMeasured": false, "speedUp": 9.45, "capped": false},
 *  "pages": [{"url": "http://127.0.0.1:40123/", "depth": 0, "outcome": "ok", "status": 200,
 *             "title": "Lantern Books - home", "bytes": 7582, "truncated": false,
 *             "contentType": "text/html; charset=utf-8", "millis": 43, "attempts": 1,
 *             "detail": "", "links": 7}, ...]}
 * }</pre>
 */
public final class JsonReport {
    private JsonReport() {
    }

    /** Writes {@code report} as JSON, one line per page. */
    public static void write(CrawlReport report, PrintStream out) {
        StringBuilder json = new StringBuilder(256 + report.pages().size() * 256);
        json.append("{\"summary\": {")
                .append("\"pages\": ").append(report.pages().size())
                .append(", \"failures\": ").append(report.failures())
                .append(", \"bytes\": ").append(report.bytes())
                .append(", \"wallMillis\": ").append(report.wall().toMillis())
                .append(", \"concurrency\": ").append(report.concurrency())
                .append(", \"sequentialMillis\": ").append(report.sequential().toMillis())
                .append(", \"sequentialMeasured\": ").append(report.measuredSequential().isPresent())
                .append(", \"speedUp\": ").append(report.speedUp().isPresent()
                        ? String.format(Locale.ROOT, "%.2f", report.speedUp().getAsDouble()) : "null")
                .append(", \"capped\": ").append(report.capped())
                .append("},\n \"pages\": [");
        String separator = "\n  ";
        for (PageResult p : report.pages()) {
            json.append(separator).append('{')
                    .append("\"url\": ").append(quote(p.url()))
                    .append(", \"depth\": ").append(p.depth())
                    .append(", \"outcome\": ").append(quote(p.outcome().label()))
                    .append(", \"status\": ").append(p.status())
                    .append(", \"title\": ").append(quote(p.title()))
                    .append(", \"bytes\": ").append(p.bytes())
                    .append(", \"truncated\": ").append(p.truncated())
                    .append(", \"contentType\": ").append(quote(p.contentType()))
                    .append(", \"millis\": ").append(p.time().toMillis())
                    .append(", \"attempts\": ").append(p.attempts())
                    .append(", \"detail\": ").append(quote(p.detail()))
                    .append(", \"links\": ").append(p.links().size())
                    .append('}');
            separator = ",\n  ";
        }
        json.append("]}");
        out.println(json);
    }

    /** {@code s} as a JSON string literal. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
