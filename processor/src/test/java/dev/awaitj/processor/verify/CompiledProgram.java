package dev.awaitj.processor.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** A test program compiled in memory (with the processor or without), verified, and loaded. */
public final class CompiledProgram {
    private final InMemoryCompiler.Loader loader;

    private CompiledProgram(InMemoryCompiler.Loader loader) {
        this.loader = loader;
    }

    /** Compiles {@code sources} (qualified name, source, ...) with the processor and verifies every class. */
    public static CompiledProgram rewritten(String... namesAndSources) {
        return compile(true, namesAndSources);
    }

    /** Compiles without any processor: the oracle build of a program. */
    public static CompiledProgram plain(String... namesAndSources) {
        return compile(false, namesAndSources);
    }

    private static CompiledProgram compile(boolean withProcessor, String... namesAndSources) {
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < namesAndSources.length; i += 2) {
            files.add(JavaFileObjects.forSourceString(namesAndSources[i], namesAndSources[i + 1]));
        }
        Compilation compilation = withProcessor
                ? InMemoryCompiler.withProcessor(files) : InMemoryCompiler.withoutProcessor(files);
        if (compilation.status() != Compilation.Status.SUCCESS) {
            StringBuilder message = new StringBuilder("compilation failed:\n");
            for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
                message.append(d).append('\n');
            }
            fail(message.toString());
        }
        InMemoryCompiler.Loader loader = new InMemoryCompiler.Loader(InMemoryCompiler.classFiles(compilation));
        assertEquals(List.of(), BytecodeVerifier.verify(loader), "every class passes the verifiers");
        return new CompiledProgram(loader);
    }

    public Class<?> load(String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** A new instance of {@code name} through its no-argument constructor. */
    @SuppressWarnings("unchecked")
    public <T> T instance(String name) {
        try {
            return (T) load(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
