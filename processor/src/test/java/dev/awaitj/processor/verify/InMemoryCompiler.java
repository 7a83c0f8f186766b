package dev.awaitj.processor.verify;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.awaitj.processor.AsyncProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles sources in memory — with the awaitj processor, or without any processor for oracles —
 * and defines the resulting classes in a loader of their own. Every class defined this way is
 * checked by the JVM verifier when it is linked ({@link BytecodeVerifier} links them all).
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** Compiles with the awaitj processor, with debug information like a normal build. */
    public static Compilation withProcessor(List<JavaFileObject> sources) {
        return Compiler.javac().withProcessors(new AsyncProcessor()).withOptions("-g").compile(sources);
    }

    /** Compiles without any annotation processing. */
    public static Compilation withoutProcessor(List<JavaFileObject> sources) {
        return Compiler.javac().withOptions("-g", "-proc:none", "-Xplugin:awaitj-processing-check off").compile(sources);
    }

    /** The class files a compilation wrote, by binary name, in a stable order. */
    public static Map<String, byte[]> classFiles(Compilation compilation) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        List<JavaFileObject> files = new ArrayList<>(compilation.generatedFiles());
        files.sort((a, b) -> a.toUri().toString().compareTo(b.toUri().toString()));
        for (JavaFileObject file : files) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            int start = path.indexOf("CLASS_OUTPUT/");
            String name = path.substring(start + "CLASS_OUTPUT/".length(), path.length() - ".class".length())
                    .replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    /** Defines classes from bytes; anything else comes from the test class path. */
    public static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        public Loader(Map<String, byte[]> classes) {
            super(InMemoryCompiler.class.getClassLoader());
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

        public Map<String, byte[]> classes() {
            return classes;
        }
    }
}
