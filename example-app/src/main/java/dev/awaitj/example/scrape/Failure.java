package dev.awaitj.example.scrape;

import dev.awaitj.TimedOutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;

/**
 * A failed attempt, sorted: what the page's outcome would be, and whether trying again might
 * help (timeouts, refused or reset connections, 5xx and 429 answers) or cannot (a bad URL, an
 * unknown host, a 404).
 *
 * @param outcome the outcome if this is the last attempt
 * @param isTransient whether a retry may succeed
 * @param message a one-line description for the report
 */
public record Failure(Outcome outcome, boolean isTransient, String message) {

    /** Sorts an exception thrown by a request. */
    public static Failure of(Throwable thrown) {
        // HttpClient reports an unknown host as a ConnectException caused by an
        // UnresolvedAddressException: look for the cause first, or it reads as "refused"
        for (Throwable t = thrown; t != null && !(t instanceof CancellationException); t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new Failure(Outcome.UNKNOWN_HOST, false, "unknown host");
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof CancellationException) {
                break; // cancellation is not a page failure: let it through
            }
            if (t instanceof HttpTimeoutException || t instanceof TimedOutException) {
                return new Failure(Outcome.TIMEOUT, true, "timed out");
            }
            if (t instanceof ConnectException) {
                return new Failure(Outcome.REFUSED, true, "connection refused");
            }
            if (t instanceof IllegalArgumentException) {
                return new Failure(Outcome.INVALID_URL, false, describe(t));
            }
        }
        if (thrown instanceof IOException || thrown.getCause() instanceof IOException) {
            return new Failure(Outcome.NETWORK_ERROR, true, describe(thrown));
        }
        return new Failure(Outcome.NETWORK_ERROR, false, describe(thrown));
    }

    /** Sorts an HTTP error status. */
    public static Failure ofStatus(int status) {
        boolean retry = status == 429 || status == 502 || status == 503 || status == 504;
        return new Failure(Outcome.HTTP_ERROR, retry, "HTTP " + status);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message.strip().lines().findFirst().orElse("");
    }
}
