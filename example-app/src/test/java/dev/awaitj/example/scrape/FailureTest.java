package dev.awaitj.example.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TimedOutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void timeoutsAreTransient() {
        for (Throwable t : new Throwable[] {new HttpTimeoutException("request timed out"),
            new HttpConnectTimeoutException("connect timed out"), new TimedOutException("timed out after PT5S"),
            new CompletionException(new HttpTimeoutException("x"))}) {
            Failure f = Failure.of(t);
            assertEquals(Outcome.TIMEOUT, f.outcome(), t.toString());
            assertTrue(f.isTransient());
        }
    }

    @Test
    void refusedConnectionsAreTransient() {
        Failure f = Failure.of(new ConnectException());
        assertEquals(Outcome.REFUSED, f.outcome());
        assertTrue(f.isTransient());
        assertEquals(Outcome.REFUSED, Failure.of(new IOException("wrapped", new ConnectException())).outcome());
    }

    @Test
    void unknownHostsAndBadUrlsAreNot() {
        assertEquals(new Failure(Outcome.UNKNOWN_HOST, false, "unknown host"), Failure.of(new UnknownHostException("nowhere")));
        Failure bad = Failure.of(new IllegalArgumentException("invalid URI scheme"));
        assertEquals(Outcome.INVALID_URL, bad.outcome());
        assertFalse(bad.isTransient());
    }

    @Test
    void anUnknownHostIsNotRefusedThoughHttpClientWrapsItInAConnectException() {
        ConnectException fromHttpClient = new ConnectException();
        fromHttpClient.initCause(new UnresolvedAddressException());
        assertEquals(new Failure(Outcome.UNKNOWN_HOST, false, "unknown host"), Failure.of(fromHttpClient));
        assertEquals(Outcome.UNKNOWN_HOST, Failure.of(new CompletionException(fromHttpClient)).outcome());
    }

    @Test
    void otherIoErrorsAreTransientNetworkErrors() {
        Failure f = Failure.of(new IOException("connection reset\nby peer"));
        assertEquals(Outcome.NETWORK_ERROR, f.outcome());
        assertTrue(f.isTransient());
        assertEquals("IOException: connection reset", f.message());
    }

    @Test
    void onlyServerOverloadStatusesAreRetried() {
        for (int status : new int[] {429, 502, 503, 504}) {
            assertTrue(Failure.ofStatus(status).isTransient(), "" + status);
        }
        for (int status : new int[] {400, 403, 404, 410, 500, 501}) {
            assertFalse(Failure.ofStatus(status).isTransient(), "" + status);
        }
    }
}
