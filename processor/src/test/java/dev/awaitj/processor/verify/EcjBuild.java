package dev.awaitj.processor.verify;

import dev.awaitj.processor.classfile.FolderRewrite;
import dev.awaitj.processor.classfile.Problem;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

/**
 * The build Eclipse and VS Code make: the Eclipse compiler (ECJ's batch compiler, no annotation
 * processing) writes class files, and the class-file rewrite ({@link FolderRewrite}, what the
 * Maven goal runs) rewrites them in place.
 *
 * <p>{@code -Dawaitj.test.compiler=ecj} makes the run-and-compare tests, the misuse corpus and the
 * fuzzer build their programs this way (the processor module's {@code ecj} test execution).
 */
public final class EcjBuild {
    private static final Pattern ERROR_IN = Pattern.compile("ERROR in (\\S+\\.java)");

    private EcjBuild() {
    }

    /** Whether the tests build with ECJ and the class-file rewrite instead of javac and the processor. */
    public static boolean selected() {
        return "ecj".equals(System.getProperty("awaitj.test.compiler"));
    }

    /** ECJ's output after the rewrite; {@code compileErrors} by source file when ECJ itself failed. */
    public static final class Result {
        /** ECJ's class files as it wrote them, by binary name. */
        public final Map<String, byte[]> compiled;
        /** The class files after the rewrite. */
        public final Map<String, byte[]> classes;
        public final Map<String, String> compileErrors;
        public final List<Problem> problems;
        public final String log;

        Result(Map<String, byte[]> compiled, Map<String, byte[]> classes, Map<String, String> compileErrors,
                List<Problem> problems, String log) {
            this.compiled = compiled;
            this.classes = classes;
            this.compileErrors = compileErrors;
            this.problems = problems;
            this.log = log;
        }

        public boolean succeeded() {
            return compileErrors.isEmpty() && problems.stream()
                    .noneMatch(p -> p.kind() == javax.tools.Diagnostic.Kind.ERROR);
        }

        /** Loads the classes (the JVM verifies each); fails if the build did not succeed. */
        public InMemoryCompiler.Loader load() {
            if (!succeeded()) {
                throw new AssertionError("the ECJ build failed:\n" + log + problems.stream()
                        .map(Problem::toString).collect(Collectors.joining("\n")));
            }
            return new InMemoryCompiler.Loader(classes);
        }
    }

    /**
     * Compiles with ECJ ({@code -g}, plus {@code --release N} if given) and rewrites the output
     * (with {@code -Aawaitj.debugLocals=true}, as the processor option asks).
     */
    public static Result compile(List<JavaFileObject> sources, List<String> options) {
        try {
            Path root = Files.createTempDirectory("awaitj-ecj");
            try {
                return compileIn(root, sources, options);
            } finally {
                deleteUnlessKept(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -Dawaitj.ecj.keep=true} keeps the sources and class files to look at. */
    private static void deleteUnlessKept(Path root) throws IOException {
        if (Boolean.getBoolean("awaitj.ecj.keep")) {
            System.out.println("ECJ build kept in " + root);
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /** Compiles sources given as (qualified class name, source) pairs. */
    public static Result compile(List<String> options, String... namesAndSources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < namesAndSources.length; i += 2) {
            files.add(com.google.testing.compile.JavaFileObjects.forSourceString(namesAndSources[i], namesAndSources[i + 1]));
        }
        return compile(files, options);
    }

    private static Result compileIn(Path root, List<JavaFileObject> sources, List<String> options) throws IOException {
        Path src = root.resolve("src");
        Path out = root.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString()));
        String release = "17";
        boolean debugLocals = false;
        boolean proceedOnError = options.contains("-proceedOnError");
        if (proceedOnError) {
            args.add("-proceedOnError");
        }
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--release") && i + 1 < options.size()) {
                release = options.get(++i);
            }
            debugLocals |= options.get(i).equals("-Aawaitj.debugLocals=true");
        }
        args.addAll(List.of("--release", release));
        for (JavaFileObject source : sources) {
            String path = source.toUri().getPath();
            Path file = src.resolve(path.startsWith("/") ? path.substring(1) : path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getCharContent(true), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        StringWriter log = new StringWriter();
        boolean succeeded;
        try (PrintWriter writer = new PrintWriter(log)) {
            succeeded = BatchCompiler.compile(args.toArray(new String[0]), writer, writer, null);
        }
        Map<String, String> compileErrors = new LinkedHashMap<>();
        if (!succeeded) {
            Matcher error = ERROR_IN.matcher(log.toString());
            while (error.find()) {
                compileErrors.merge(src.relativize(Path.of(error.group(1))).toString(), log.toString(), (a, b) -> a);
            }
            if (compileErrors.isEmpty()) {
                compileErrors.put("", log.toString());
            }
            if (!proceedOnError) {
                return new Result(Map.of(), Map.of(), compileErrors, List.of(), log.toString());
            }
        }
        Map<String, byte[]> compiled = readClasses(out);
        FolderRewrite.Summary summary = FolderRewrite.run(out, testClassPath(), debugLocals);
        return new Result(compiled, readClasses(out), compileErrors, summary.problems(), log.toString());
    }

    /** The test class path, as the entries the rewrite looks classes up in. */
    public static List<Path> testClassPath() {
        List<Path> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry));
        }
        return classPath;
    }

    private static Map<String, byte[]> readClasses(Path out) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String name = out.relativize(file).toString().replace(File.separatorChar, '.');
                classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(file));
            }
        }
        return classes;
    }
}
