package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles test programs in memory with the awaitj processor and loads the rewritten classes. */
final class Programs {
    private Programs() {
    }

    /** Compiles {@code sources} (fully qualified class name, then source, repeated). */
    static Compilation compile(String... namesAndSources) {
        return compileWith(List.of("-g"), namesAndSources);
    }

    static Compilation compileWith(List<String> options, String... namesAndSources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < namesAndSources.length; i += 2) {
            files.add(JavaFileObjects.forSourceString(namesAndSources[i], namesAndSources[i + 1]));
        }
        return Compiler.javac().withProcessors(new AsyncProcessor()).withOptions(options).compile(files);
    }

    /** Compiles successfully, or fails the test with the diagnostics. */
    static ClassLoader load(String... namesAndSources) {
        return loadWith(List.of("-g"), namesAndSources);
    }

    static ClassLoader loadWith(List<String> options, String... namesAndSources) {
        Compilation compilation = compileWith(options, namesAndSources);
        if (compilation.status() != Compilation.Status.SUCCESS || !compilation.errors().isEmpty()) {
            StringBuilder message = new StringBuilder("compilation failed:\n");
            for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
                message.append(d).append('\n');
            }
            fail(message.toString());
        }
        return new MemoryClassLoader(classFiles(compilation));
    }

    static Map<String, byte[]> classFiles(Compilation compilation) {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                    path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    /** Defines the compiled classes; the JVM verifies each one it loads this way. */
    static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes) {
            super(Programs.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        Map<String, byte[]> classes() {
            return classes;
        }
    }
}
