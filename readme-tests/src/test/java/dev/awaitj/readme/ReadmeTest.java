package dev.awaitj.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README as a newcomer uses it. Every fenced {@code java}, {@code xml}, {@code groovy} and
 * {@code kotlin} block is a fragment (its first line says so) or is checked here:
 * <ul>
 * <li>java: compiled by javac with the processor on {@code -processorpath}, without an error or an
 *     awaitj warning; the program (the block with a {@code main}) is run against a local HTTP
 *     server;</li>
 * <li>xml: a complete {@code pom.xml}, built in an empty folder with the project's Maven wrapper,
 *     offline, against the reactor's jars copied into a private repository, and the program run
 *     with {@code exec:java};</li>
 * <li>groovy and kotlin: complete Gradle build files, checked for what they must contain (no Gradle
 *     runs in this build).</li>
 * </ul>
 */
class ReadmeTest {
    private static final String VERSION = System.getProperty("awaitj.version", "0.1.0-SNAPSHOT");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern CLASS = Pattern.compile("^(?:public )?(?:final )?class (\\w+)", Pattern.MULTILINE);

    private static HttpServer server;
    private static String served;
    private static String refused;

    @TempDir
    Path dir;

    /**
     * A block preceded by {@code <!-- recipe: path -->} is an excerpt of that source, which its
     * module's recipe test compiles and runs and whose {@code DocsRecipesTest} checks the block
     * against it line by line (vertx/, netty/): checked there, so a fragment here.
     */
    private static final Pattern RECIPE = Pattern.compile("^<!-- recipe: (\\S+) -->$");

    record Block(String language, String text, int line, String recipe) {
        boolean fragment() {
            return recipe != null
                    || text.lines().findFirst().orElse("").toLowerCase(Locale.ROOT).contains("fragment");
        }

        boolean isProgram() {
            return language.equals("java") && text.contains("public static void main(String[] args)");
        }

        @Override
        public String toString() {
            return "README.md:" + line + " (" + language + ")";
        }
    }

    static List<Block> blocks() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            assertTrue(end < lines.size(), "unclosed block at README.md:" + (i + 1));
            Matcher recipe = i > 0 ? RECIPE.matcher(lines.get(i - 1)) : null;
            String source = recipe != null && recipe.matches() ? recipe.group(1) : null;
            assertTrue(source == null || Files.isRegularFile(ROOT.resolve(source)),
                    "README.md:" + i + " names a recipe source that does not exist: " + source);
            blocks.add(new Block(open.group(1), String.join("\n", lines.subList(start, end)) + "\n", i + 1, source));
            i = end;
        }
        return blocks;
    }

    static List<Block> checked(String language) throws IOException {
        return blocks().stream().filter(b -> b.language().equals(language) && !b.fragment()).collect(Collectors.toList());
    }

    static Block program() throws IOException {
        List<Block> programs = blocks().stream().filter(Block::isProgram).collect(Collectors.toList());
        assertEquals(1, programs.size(), "one complete first program: " + programs);
        return programs.get(0);
    }

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        served = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = "http://127.0.0.1:" + closed.getLocalPort() + "/";
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void everyJavaXmlAndGradleBlockIsCheckedOrMarkedAsAFragment() throws IOException {
        List<Block> blocks = blocks();
        assertTrue(blocks.size() > 10, "found the README's blocks: " + blocks);
        for (Block block : blocks) {
            assertTrue(List.of("java", "xml", "groovy", "kotlin", "sh").contains(block.language()),
                    block + ": a language this test knows (or the block goes unchecked)");
        }
        assertEquals(1, checked("xml").size(), "one complete pom.xml; every other XML block a fragment: " + blocks);
        assertEquals(1, checked("groovy").size(), "one complete build.gradle; the others fragments");
        assertEquals(1, checked("kotlin").size(), "one complete build.gradle.kts; the others fragments");
        assertTrue(checked("java").size() >= 2, "the intro sample and the first program are compiled");
        Pattern coordinate = Pattern.compile("dev\\.awaitj:awaitj-[a-z]+:([^'\"\\s)]+)");
        for (Block block : blocks) {
            Matcher version = coordinate.matcher(block.text());
            while (version.find()) {
                assertEquals(VERSION, version.group(1), block + ": " + version.group());
            }
        }
    }

    @Test
    void everyJavaBlockCompilesWithTheProcessor() throws IOException {
        for (Block block : checked("java")) {
            Path out = compile(block, dir.resolve("block" + block.line()));
            assertTrue(Files.list(out).findAny().isPresent(), block + " wrote class files");
        }
    }

    @Test
    void theFirstProgramRunsAgainstALocalServer() throws Exception {
        Path out = compile(program(), dir);
        Result run = run(dir, 60, tool("java"), "-cp", out + File.pathSeparator + userClassPath(),
                "com.example.Main", served, refused);
        assertEquals(0, run.exit, run.output);
        assertFirstProgramOutput(run.output);
    }

    @Test
    void thePomBuildsInAnEmptyFolderAndRunsTheProgram() throws Exception {
        Path repository = dir.resolve("repository");
        install(repository);
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("src/main/java/com/example"));
        String pom = checked("xml").get(0).text();
        assertTrue(pom.contains("<artifactId>exec-maven-plugin</artifactId>\n        <version>"
                + System.getProperty("exec-plugin.version") + "</version>"),
                "the exec plugin this module downloads (readme-tests/pom.xml) is the README's");
        Files.writeString(project.resolve("pom.xml"), pom);
        Files.writeString(project.resolve("src/main/java/com/example/Main.java"), program().text());
        String wrapper = ROOT.resolve(isWindows() ? "mvnw.cmd" : "mvnw").toString();
        Result build = run(project, 300, wrapper, "-B", "-o", "-q",
                "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail=" + sharedRepository(),
                "compile", "exec:java", "-Dexec.args=" + served + " " + refused);
        assertEquals(0, build.exit, build.output);
        assertFirstProgramOutput(build.output);
        assertTrue(Files.exists(project.resolve("target/classes/com/example/Main.class")));
    }

    @Test
    void theGradleFilesAreCompleteAndPasteable() throws IOException {
        String groovy = checked("groovy").get(0).text();
        for (String needed : List.of("plugins {\n    id 'application'\n}",
                "mavenLocal {\n        content { includeGroup 'dev.awaitj' }",
                "mavenCentral()",
                "implementation 'dev.awaitj:awaitj-annotations:" + VERSION + "'",
                "implementation 'dev.awaitj:awaitj-runtime:" + VERSION + "'",
                "annotationProcessor 'dev.awaitj:awaitj-processor:" + VERSION + "'",
                "tasks.withType(JavaCompile).configureEach {\n    options.release = 17",
                "mainClass = 'com.example.Main'")) {
            assertTrue(groovy.contains(needed), "build.gradle lacks: " + needed + "\n" + groovy);
        }
        String kotlin = checked("kotlin").get(0).text();
        for (String needed : List.of("plugins {\n    application\n}",
                "mavenLocal {\n        content { includeGroup(\"dev.awaitj\") }",
                "mavenCentral()",
                "implementation(\"dev.awaitj:awaitj-annotations:" + VERSION + "\")",
                "implementation(\"dev.awaitj:awaitj-runtime:" + VERSION + "\")",
                "annotationProcessor(\"dev.awaitj:awaitj-processor:" + VERSION + "\")",
                "tasks.withType<JavaCompile>().configureEach {\n    options.release.set(17)",
                "mainClass.set(\"com.example.Main\")")) {
            assertTrue(kotlin.contains(needed), "build.gradle.kts lacks: " + needed + "\n" + kotlin);
        }
        for (String file : List.of(groovy, kotlin)) {
            assertFalse(file.contains("toolchain"), "a toolchain of 17 demands exactly JDK 17");
            assertEquals(file.chars().filter(c -> c == '{').count(), file.chars().filter(c -> c == '}').count(),
                    "balanced braces:\n" + file);
            assertEquals(file.chars().filter(c -> c == '(').count(), file.chars().filter(c -> c == ')').count(),
                    "balanced parentheses:\n" + file);
        }
        assertTrue(program().text().startsWith("package com.example;"), "the main class the Gradle files name");
    }

    private void assertFirstProgramOutput(String output) {
        List<String> lines = output.replace("\r", "").lines().collect(Collectors.toList());
        assertTrue(lines.contains(served + ": HTTP 200, 5 characters"), output);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(refused + ": java.net.ConnectException")), output);
        int countdown = lines.indexOf("countdown 3");
        assertTrue(countdown > lines.indexOf(served + ": HTTP 200, 5 characters"), "after the fetches: " + output);
        assertEquals(List.of("countdown 3", "countdown 2", "countdown 1"), lines.subList(countdown, countdown + 3), output);
    }

    /** Compiles {@code block} as the file its package and class name call for; returns the class output. */
    private static Path compile(Block block, Path into) throws IOException {
        Matcher pkg = PACKAGE.matcher(block.text());
        Matcher cls = CLASS.matcher(block.text());
        assertTrue(cls.find(), block + " declares a class");
        Path sources = into.resolve("src");
        Path source = (pkg.find() ? sources.resolve(pkg.group(1).replace('.', '/')) : sources).resolve(cls.group(1) + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, block.text());
        Path out = Files.createDirectories(into.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-d", out.toString(), "-cp", userClassPath(), "-processorpath", processorPath()),
                    null, files.getJavaFileObjects(source)).call();
            String report = diagnostics.getDiagnostics().stream().map(d -> block + " +" + d.getLineNumber() + ": "
                    + d.getKind() + " " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
            assertTrue(ok, report);
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                assertFalse(d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING,
                        "no warning: " + report);
            }
        }
        return out;
    }

    /** The reactor's (or the local repository's) jars under the README's Maven coordinates. */
    private static void install(Path repository) throws IOException {
        Path annotations = jar(dev.awaitj.annotation.Async.class);
        Path runtime = jar(dev.awaitj.Await.class);
        Path processor = jar(processorClass());
        copy(repository, "awaitj-parent", null, parentPom(runtime));
        copy(repository, "awaitj-annotations", annotations, pomOf(annotations, "pom.xml"));
        copy(repository, "awaitj-runtime", runtime, pomOf(runtime, "pom.xml"));
        copy(repository, "awaitj-processor", processor, pomOf(processor, "target/dependency-reduced-pom.xml"));
    }

    private static void copy(Path repository, String artifact, Path jar, Path pom) throws IOException {
        Path at = Files.createDirectories(repository.resolve("dev/awaitj/" + artifact + "/" + VERSION));
        Files.copy(pom, at.resolve(artifact + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, at.resolve(artifact + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path jar(Class<?> type) {
        Path location = location(type);
        if (!location.toString().endsWith(".jar")) {
            fail("ReadmeTest builds the README's pom.xml against jars, and " + type.getName() + " comes from "
                    + location + ": run it with the reactor's `verify` (or `package`), not `test`");
        }
        return location;
    }

    /** A jar's POM: beside it in a Maven repository, or its module's in the reactor ({@code target/x.jar}). */
    private static Path pomOf(Path jar, String inReactor) {
        Path beside = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".pom"));
        if (Files.exists(beside)) {
            return beside;
        }
        Path module = jar.getParent().getParent();
        Path pom = module.resolve(inReactor);
        return Files.exists(pom) ? pom : module.resolve("pom.xml");
    }

    private static Path parentPom(Path runtimeJar) {
        Path inRepository = runtimeJar.getParent().getParent().getParent()
                .resolve("awaitj-parent/" + VERSION + "/awaitj-parent-" + VERSION + ".pom");
        return Files.exists(inRepository) ? inRepository : ROOT.resolve("pom.xml");
    }

    private static String sharedRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank() ? configured
                : Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
    }

    private static String userClassPath() {
        return location(dev.awaitj.annotation.Async.class) + File.pathSeparator + location(dev.awaitj.Await.class);
    }

    /** The processor's jar (ASM shaded in), or its classes and ASM's when the reactor gives classes. */
    private static String processorPath() {
        List<String> path = new ArrayList<>(List.of(location(processorClass()).toString()));
        for (String asm : List.of("org.objectweb.asm.ClassVisitor", "org.objectweb.asm.tree.ClassNode",
                "org.objectweb.asm.tree.analysis.Analyzer")) {
            try {
                path.add(location(Class.forName(asm)).toString());
            } catch (ClassNotFoundException shaded) {
                // the shaded jar carries its own, relocated
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private static Class<?> processorClass() {
        try {
            return Class.forName("dev.awaitj.processor.AsyncProcessor");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("awaitj-processor is a test dependency of this module", e);
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
    }

    record Result(int exit, String output) {
    }

    private static Result run(Path workDir, int seconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException ended) {
                // the process was destroyed
            }
        });
        reader.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join();
            fail("timed out after " + seconds + " s: " + String.join(" ", command) + "\n" + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}
