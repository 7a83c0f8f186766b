package dev.awaitj.processor;

import static dev.awaitj.processor.AsyncRun.assertOutcome;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Language features newer than the Java 17 baseline, compiled for the running JDK's own release
 * (so they run on JDK 25 in CI): pattern switches with guards, record patterns.
 */
class ModernJavaTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        int feature = Runtime.version().feature();
        Assumptions.assumeTrue(feature >= 21, "pattern switches need JDK 21+");
        program = Programs.loadWith(List.of("-g", "--release", String.valueOf(feature)), "t.Modern", """
                package t;

                import static dev.awaitj.Await.await;
                import static dev.awaitj.testing.Stages.*;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.concurrent.*;

                public class Modern {
                    public sealed interface Shape permits Circle, Square { }
                    public record Circle(double radius) implements Shape { }
                    public record Square(int side) implements Shape { }
                    public record Box(Object content, int weight) { }

                    @Async static CompletableFuture<String> describe(Object o) {
                        return completedFuture(switch (o) {
                            case Integer i when i > await(value(5)) -> "big " + i;
                            case Integer i -> "int " + await(value(i));
                            case String s -> await(value(s.toUpperCase()));
                            case Box(String s, int w) when w > await(value(1)) -> "heavy box of " + s;
                            case Box(var c, int w) -> "box " + c + await(value(w));
                            default -> "other";
                        });
                    }

                    @Async static CompletableFuture<Double> area(Shape shape) {
                        double scale = await(value(1.0));
                        return completedFuture(scale * switch (shape) {
                            case Circle c -> 3 * c.radius() * await(value(c.radius()));
                            case Square(int side) -> side * (double) await(value(side));
                        });
                    }
                }
                """).loadClass("t.Modern");
    }

    @Test
    void patternSwitchWithGuardsThatAwait() {
        assertOutcome(program, "describe", "big 9", 9);
        assertOutcome(program, "describe", "int 3", 3);
        assertOutcome(program, "describe", "ABC", "abc");
        assertOutcome(program, "describe", "heavy box of gold", newBox("gold", 5));
        assertOutcome(program, "describe", "box 71", newBox(7, 1));
        assertOutcome(program, "describe", "other", 2.5);
    }

    @Test
    void sealedHierarchiesAndRecordPatterns() throws Exception {
        Class<?> circle = program.getClassLoader().loadClass("t.Modern$Circle");
        Class<?> square = program.getClassLoader().loadClass("t.Modern$Square");
        assertOutcome(program, "area", "12.0", circle.getDeclaredConstructor(double.class).newInstance(2.0));
        assertOutcome(program, "area", "9.0", square.getDeclaredConstructor(int.class).newInstance(3));
    }

    private static Object newBox(Object content, int weight) {
        try {
            Class<?> box = program.getClassLoader().loadClass("t.Modern$Box");
            return box.getDeclaredConstructor(Object.class, int.class).newInstance(content, weight);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
