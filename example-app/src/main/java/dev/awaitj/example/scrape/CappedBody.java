package dev.awaitj.example.scrape;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a cap: bytes beyond {@code cap} are not read — the subscription is
 * cancelled, which closes the connection — so a huge or endless resource cannot exhaust memory.
 * Bodies the scraper will not parse (not HTML, error pages) are counted but not kept.
 *
 * @param bytes the body, or an empty array when it was not kept
 * @param length bytes received, at most the cap
 * @param truncated whether the body went on beyond the cap
 * @param receivedNanos {@link System#nanoTime()} when the last byte was read, on the HTTP
 *     client's thread: the end of the exchange, however long the code that awaits it takes to run
 */
public record CappedBody(byte[] bytes, long length, boolean truncated, long receivedNanos) {

    /** A body handler that keeps HTML bodies of 2xx answers and counts everything else. */
    public static HttpResponse.BodyHandler<CappedBody> handler(long cap) {
        if (cap <= 0) {
            throw new IllegalArgumentException("body cap must be positive: " + cap);
        }
        return info -> new Subscriber(cap, info.statusCode() / 100 == 2
                && isHtml(info.headers().firstValue("Content-Type").orElse("")));
    }

    /** Whether a Content-Type names HTML (or says nothing, which browsers sniff; we assume HTML). */
    public static boolean isHtml(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).strip();
        return type.isEmpty() || type.startsWith("text/html") || type.startsWith("application/xhtml+xml");
    }

    private static final class Subscriber implements BodySubscriber<CappedBody> {
        private final long cap;
        private final ByteArrayOutputStream kept;
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long length;

        Subscriber(long cap, boolean keep) {
            this.cap = cap;
            this.kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int take = (int) Math.min(buffer.remaining(), cap - length);
                if (kept != null) {
                    byte[] chunk = new byte[take];
                    buffer.get(chunk);
                    kept.writeBytes(chunk);
                } else {
                    buffer.position(buffer.position() + take);
                }
                length += take;
                if (buffer.hasRemaining()) { // more than the cap: stop reading
                    finish(true);
                    subscription.cancel();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            finish(false);
        }

        private void finish(boolean truncated) {
            result.complete(new CappedBody(kept == null ? new byte[0] : kept.toByteArray(), length, truncated,
                    System.nanoTime()));
        }
    }
}
