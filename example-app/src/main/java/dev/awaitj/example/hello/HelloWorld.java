package dev.awaitj.example.hello;

import static dev.awaitj.Await.await;

import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asyncio tutorial's hello-world, in awaitj:
 *
 * <pre>
 * async def hello_world():            {@literal @}Async CompletableFuture&lt;Void&gt; helloWorld()
 *     print("Hello")                      out.println("Hello");
 *     await asyncio.sleep(1)              await(Time.sleep(Duration.ofSeconds(1)));
 *     print("World")                      out.println("World");
 *
 * async def main():                   {@literal @}Async CompletableFuture&lt;Void&gt; main()
 *     task = asyncio.create_task(         Task&lt;Void&gt; task = Task.spawn("hello-world",
 *         hello_world())                      () -&gt; helloWorld(out));
 *     await task                          await(task);
 *
 * asyncio.run(main())                 EventLoop.run(() -&gt; main(out));
 * </pre>
 *
 * <p>The sleep blocks no thread: the task suspends at the {@code await}, the loop's thread waits
 * for its timer, and the task resumes on it a second later.
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    /** Runs the hello-world on a new event loop on the calling thread, printing to {@code out}. */
    public static void run(PrintStream out) {
        try {
            EventLoop.run(() -> main(out));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Async
    static CompletableFuture<Void> main(PrintStream out) {
        Task<Void> task = Task.spawn("hello-world", () -> helloWorld(out));
        await(task);
        return CompletableFuture.completedFuture(null);
    }

    @Async
    static CompletableFuture<Void> helloWorld(PrintStream out) {
        out.println("Hello");
        await(Time.sleep(Duration.ofSeconds(1)));
        out.println("World");
        return CompletableFuture.completedFuture(null);
    }
}
