package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.awaitj.processor.verify.EcjBuild;
import dev.awaitj.processor.verify.InMemoryCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles test programs in memory with the awaitj processor and loads the rewritten classes; with
 * {@code -Dawaitj.test.compiler=ecj}, compiles them with the Eclipse compiler and rewrites its
 * class files instead ({@link EcjBuild}), as Eclipse and VS Code builds do.
 */
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
        if (EcjBuild.selected()) {
            return EcjBuild.compile(options, namesAndSources).load();
        }
        Compilation compilation = compileWith(options, namesAndSources);
        if (compilation.status() != Compilation.Status.SUCCESS || !compilation.errors().isEmpty()) {
            StringBuilder message = new StringBuilder("compilation failed:\n");
            for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
                message.append(d).append('\n');
            }
            fail(message.toString());
        }
        // The JVM verifies each class it defines this way.
        return new InMemoryCompiler.Loader(classFiles(compilation));
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
}
