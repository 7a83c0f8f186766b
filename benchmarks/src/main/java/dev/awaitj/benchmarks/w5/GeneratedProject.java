package dev.awaitj.benchmarks.w5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project W5 compiles: {@code classes} service classes spread over ten packages, each with
 * fields, a record, ordinary methods (loops, string building, streams, lambdas, generics) and, in
 * the classes that use awaitj, two {@code @Async} methods with awaits in a loop, a try/catch and
 * a call of the previous class's async method. Every class refers to the one before it, so javac
 * resolves types across packages as in a real code base.
 */
final class GeneratedProject {
    private GeneratedProject() {
    }

    /** Writes the sources under {@code root} and returns their paths. */
    static List<Path> write(Path root, int classes, int asyncEvery) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            String pkg = "gen.p" + (i % 10);
            Path dir = root.resolve(pkg.replace('.', '/'));
            Files.createDirectories(dir);
            Path file = dir.resolve("Service" + i + ".java");
            Files.writeString(file, source(i, asyncEvery > 0 && i % asyncEvery == 0));
            files.add(file);
        }
        return files;
    }

    private static String source(int i, boolean async) {
        String previous = i == 0 ? null : "gen.p" + ((i - 1) % 10) + ".Service" + (i - 1);
        StringBuilder s = new StringBuilder();
        s.append("package gen.p").append(i % 10).append(";\n\n");
        s.append("import static dev.awaitj.Await.await;\n\n");
        s.append("import dev.awaitj.annotation.Async;\n");
        s.append("import java.util.*;\n");
        s.append("import java.util.concurrent.CompletableFuture;\n");
        s.append("import java.util.stream.Collectors;\n\n");
        s.append("public final class Service").append(i).append(" {\n");
        s.append("    public record Entry(String key, int value) {\n");
        s.append("        public Entry {\n");
        s.append("            Objects.requireNonNull(key);\n");
        s.append("        }\n");
        s.append("    }\n\n");
        s.append("    private final Map<String, Integer> cache = new HashMap<>();\n");
        s.append("    private final List<String> names = new ArrayList<>();\n");
        s.append("    private int counter;\n");
        if (previous != null) {
            s.append("    private final ").append(previous).append(" previous;\n\n");
            s.append("    public Service").append(i).append("(").append(previous).append(" previous) {\n");
            s.append("        this.previous = previous;\n");
            s.append("    }\n\n");
        } else {
            s.append("    private final Object previous = null;\n\n");
        }
        s.append("    public int compute(int x) {\n");
        s.append("        int r = 0;\n");
        s.append("        for (int k = 0; k < x; k++) {\n");
        s.append("            r += k * ").append(i + 3).append(" % 7;\n");
        s.append("            if (r > 1000) {\n");
        s.append("                r -= 1000;\n");
        s.append("            }\n");
        s.append("        }\n");
        s.append("        return r + counter++;\n");
        s.append("    }\n\n");
        s.append("    public String describe(String prefix) {\n");
        s.append("        StringBuilder b = new StringBuilder(prefix);\n");
        s.append("        for (String name : names) {\n");
        s.append("            b.append(name).append(',');\n");
        s.append("        }\n");
        s.append("        return b.toString();\n");
        s.append("    }\n\n");
        s.append("    public Optional<Integer> lookup(String key) {\n");
        s.append("        return Optional.ofNullable(cache.get(key)).map(v -> v + ").append(i).append(");\n");
        s.append("    }\n\n");
        s.append("    public List<Entry> entries() {\n");
        s.append("        return cache.entrySet().stream()\n");
        s.append("                .map(e -> new Entry(e.getKey(), e.getValue()))\n");
        s.append("                .sorted(Comparator.comparingInt(Entry::value).thenComparing(Entry::key))\n");
        s.append("                .collect(Collectors.toList());\n");
        s.append("    }\n\n");
        s.append("    public <T extends Comparable<T>> T max(List<T> values) {\n");
        s.append("        T best = null;\n");
        s.append("        for (T value : values) {\n");
        s.append("            if (best == null || value.compareTo(best) > 0) {\n");
        s.append("                best = value;\n");
        s.append("            }\n");
        s.append("        }\n");
        s.append("        return best;\n");
        s.append("    }\n\n");
        s.append("    public String classify(Object value) {\n");
        s.append("        if (value instanceof Integer n && n > ").append(i).append(") {\n");
        s.append("            return \"big\";\n");
        s.append("        }\n");
        s.append("        switch (String.valueOf(value).length()) {\n");
        s.append("            case 0: return \"empty\";\n");
        s.append("            case 1: return \"short\";\n");
        s.append("            default: return \"long\";\n");
        s.append("        }\n");
        s.append("    }\n\n");
        s.append("    public CompletableFuture<Integer> fetch(String key) {\n");
        s.append("        return CompletableFuture.supplyAsync(() -> key.length() + counter);\n");
        s.append("    }\n\n");
        if (async) {
            s.append("    @Async\n");
            s.append("    public CompletableFuture<Integer> load(String key) {\n");
            s.append("        Integer cached = cache.get(key);\n");
            s.append("        if (cached != null) {\n");
            s.append("            return CompletableFuture.completedFuture(cached);\n");
            s.append("        }\n");
            s.append("        int total = 0;\n");
            s.append("        for (int k = 0; k < 3; k++) {\n");
            s.append("            try {\n");
            s.append("                total += await(fetch(key + k)) * compute(k);\n");
            s.append("            } catch (IllegalStateException e) {\n");
            s.append("                total -= 1;\n");
            s.append("            }\n");
            s.append("        }\n");
            s.append("        cache.put(key, total);\n");
            s.append("        return CompletableFuture.completedFuture(total);\n");
            s.append("    }\n\n");
            s.append("    @Async\n");
            s.append("    public CompletableFuture<String> render(String key) {\n");
            s.append("        int value = await(load(key));\n");
            s.append("        String text = describe(key) + value + lookup(key).orElse(0);\n");
            if (previous != null) {
                s.append("        if (previous != null && value > 0) {\n");
                s.append("            text += ':' + String.valueOf(await(previous.fetch(key)));\n");
                s.append("        }\n");
            }
            s.append("        return CompletableFuture.completedFuture(text);\n");
            s.append("    }\n");
        } else {
            s.append("    public CompletableFuture<Integer> load(String key) {\n");
            s.append("        Integer cached = cache.get(key);\n");
            s.append("        if (cached != null) {\n");
            s.append("            return CompletableFuture.completedFuture(cached);\n");
            s.append("        }\n");
            s.append("        CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);\n");
            s.append("        for (int k = 0; k < 3; k++) {\n");
            s.append("            int step = k;\n");
            s.append("            total = total.thenCombine(fetch(key + k), (a, b) -> a + b * compute(step));\n");
            s.append("        }\n");
            s.append("        return total.whenComplete((v, e) -> { if (v != null) cache.put(key, v); });\n");
            s.append("    }\n\n");
            s.append("    public CompletableFuture<String> render(String key) {\n");
            s.append("        return load(key).thenApply(value -> describe(key) + value + lookup(key).orElse(0));\n");
            s.append("    }\n");
        }
        s.append("}\n");
        return s.toString();
    }
}
