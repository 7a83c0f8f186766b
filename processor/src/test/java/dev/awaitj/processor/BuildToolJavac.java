package dev.awaitj.processor;

import com.google.testing.compile.JavaFileObjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs javac through {@code javax.tools} the way a build tool does: its own file manager, its own
 * processor instances given with {@code setProcessors}, outputs in a real directory.
 */
final class BuildToolJavac {
    private BuildToolJavac() {
    }

    record Result(boolean success, List<String> diagnostics) {
        String text() {
            return String.join("\n", diagnostics);
        }
    }

    static Result compile(Path out, List<String> extraOptions, Processor processor,
            FileManagerKind kind, String name, String source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
        standard.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
        JavaFileManager manager = kind.wrap(standard, out);
        List<String> options = new ArrayList<>(List.of("-g"));
        options.addAll(extraOptions);
        JavaCompiler.CompilationTask task = javac.getTask(null, manager, diagnostics, options, null,
                List.of(JavaFileObjects.forSourceString(name, source)));
        task.setProcessors(List.of(processor));
        boolean success = task.call();
        manager.close();
        List<String> messages = new ArrayList<>();
        diagnostics.getDiagnostics().forEach(d -> messages.add(d.getKind() + ": " + d.getMessage(Locale.ROOT)));
        return new Result(success, messages);
    }

    /** Loads the compiled classes from {@code out}, anything else from the test class path. */
    static ClassLoader load(Path out) throws MalformedURLException {
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, BuildToolJavac.class.getClassLoader());
    }

    /** Where the file manager keeps the class files javac writes. */
    enum FileManagerKind {
        /** javac's own file manager: on disk as soon as each class file is closed. */
        STANDARD {
            @Override
            JavaFileManager wrap(StandardJavaFileManager standard, Path out) {
                return standard;
            }
        },
        /**
         * Like IntelliJ's builder in-process: each class file stays in memory (its file object
         * keeps the bytes) until the build ends, then goes to disk.
         */
        IN_MEMORY_UNTIL_CLOSE {
            @Override
            JavaFileManager wrap(StandardJavaFileManager standard, Path out) {
                return new HeldOutputFileManager(standard, out, held -> held.forEach(BuildToolJavac::writeFile));
            }
        },
        /**
         * Like IntelliJ's forked javac: each class file is handed to a sink (JPS sends it over a
         * socket to the build process) and never written by this process.
         */
        NEVER_ON_DISK {
            @Override
            JavaFileManager wrap(StandardJavaFileManager standard, Path out) {
                return new HeldOutputFileManager(standard, out, held -> { });
            }
        };

        abstract JavaFileManager wrap(StandardJavaFileManager standard, Path out);
    }

    private static void writeFile(Path path, byte[] bytes) {
        try {
            Files.createDirectories(path.getParent());
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file manager shaped after JPS's: every request for an output file gets a new file object
     * whose output stream keeps the bytes in that object (and hands them on when closed), and whose
     * input stream, with no bytes of its own, reads the file on disk.
     */
    private static final class HeldOutputFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Path out;
        private final Map<Path, byte[]> held = new LinkedHashMap<>();
        private final Consumer<Map<Path, byte[]>> onClose;

        HeldOutputFileManager(StandardJavaFileManager standard, Path out, Consumer<Map<Path, byte[]>> onClose) {
            super(standard);
            this.out = out;
            this.onClose = onClose;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT) {
                return super.getJavaFileForOutput(location, className, kind, sibling);
            }
            return new HeldOutput(out.resolve(className.replace('.', '/') + kind.extension), kind);
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName,
                FileObject sibling) throws IOException {
            if (location != StandardLocation.CLASS_OUTPUT) {
                return super.getFileForOutput(location, packageName, relativeName, sibling);
            }
            Path dir = packageName.isEmpty() ? out : out.resolve(packageName.replace('.', '/'));
            Path path = dir.resolve(relativeName);
            return new HeldOutput(path, relativeName.endsWith(".class") ? JavaFileObject.Kind.CLASS
                    : JavaFileObject.Kind.OTHER);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a.toUri().equals(b.toUri());
        }

        @Override
        public void close() throws IOException {
            onClose.accept(held);
            super.close();
        }

        private final class HeldOutput extends SimpleJavaFileObject {
            private final Path path;
            private byte[] content;

            HeldOutput(Path path, Kind kind) {
                super(path.toUri(), kind);
                this.path = path;
            }

            @Override
            public OutputStream openOutputStream() {
                return new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        content = toByteArray();
                        synchronized (held) {
                            held.put(path, content);
                        }
                    }
                };
            }

            @Override
            public InputStream openInputStream() throws IOException {
                return content != null ? new java.io.ByteArrayInputStream(content) : Files.newInputStream(path);
            }
        }
    }
}
