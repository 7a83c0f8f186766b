package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A misconfigured build: await reached without the rewrite fails at once and says how to fix it. */
class AwaitWithoutRewriteTest {
    @Test
    void failsFastInsteadOfBlocking() {
        CompletableFuture<String> never = new CompletableFuture<>();
        IllegalStateException failure = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IllegalStateException.class, () -> Await.await(never)));
        assertTrue(failure.getMessage().contains("annotationProcessorPaths"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-processorpath"), failure.getMessage());
        assertTrue(failure.getMessage().contains("-proc:full"), failure.getMessage());
        assertTrue(failure.getMessage().contains("not <dependencies>")
                && failure.getMessage().contains("JDK 23 and later do not run processors found there"),
                "names the processor-as-a-dependency trap: " + failure.getMessage());
    }

    @Test
    void theCheckedFormFailsFastToo() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Await.await(CompletableFuture.completedFuture("done"), IOException.class));
        assertTrue(failure.getMessage().contains("@Async"), failure.getMessage());
    }
}
