package dev.awaitj.processor.verify;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Checks compiled classes twice: with ASM's {@link CheckClassAdapter#verify} (a data-flow
 * verifier over every method, also ones no test runs), and with the JVM's own verifier, by
 * linking each class through a loader that defines it from bytes — classes from non-boot loaders
 * are always verified, which is what {@code -Xverify:all} adds for boot classes.
 */
public final class BytecodeVerifier {
    private BytecodeVerifier() {
    }

    /** Problems found, one entry per failing class; empty when every class verifies. */
    public static List<String> verify(InMemoryCompiler.Loader loader) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : loader.classes().entrySet()) {
            String asm = asmVerify(entry.getValue(), loader);
            if (asm != null) {
                problems.add(entry.getKey() + " (ASM verifier):\n" + asm);
            }
            String jvm = jvmVerify(entry.getKey(), loader);
            if (jvm != null) {
                problems.add(entry.getKey() + " (JVM verifier): " + jvm);
            }
        }
        return problems;
    }

    /**
     * ASM's data-flow verifier over every method of the class (what {@link CheckClassAdapter#verify}
     * runs, with class lookups cached), or null if it passes.
     */
    public static String asmVerify(byte[] classFile, ClassLoader loader) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_DEBUG);
        Type superType = node.superName == null ? null : Type.getObjectType(node.superName);
        List<Type> interfaces = new ArrayList<>();
        for (String name : node.interfaces) {
            interfaces.add(Type.getObjectType(name));
        }
        StringWriter out = new StringWriter();
        for (MethodNode method : node.methods) {
            CachingVerifier verifier = new CachingVerifier(Type.getObjectType(node.name), superType, interfaces,
                    (node.access & Opcodes.ACC_INTERFACE) != 0, loader);
            try {
                new Analyzer<>(verifier).analyze(node.name, method);
            } catch (AnalyzerException | RuntimeException | LinkageError e) {
                out.append(method.name).append(method.desc).append(": ").append(String.valueOf(e)).append('\n');
            }
        }
        return out.toString().isEmpty() ? null : out.toString();
    }

    /** ASM's {@link SimpleVerifier}, remembering the classes it looked up. */
    private static final class CachingVerifier extends SimpleVerifier {
        private final ClassLoader loader;
        private final Map<String, Class<?>> classes = new HashMap<>();

        CachingVerifier(Type current, Type superType, List<Type> interfaces, boolean isInterface, ClassLoader loader) {
            super(Opcodes.ASM9, current, superType, interfaces, isInterface);
            this.loader = loader;
            setClassLoader(loader);
        }

        @Override
        protected Class<?> getClass(Type type) {
            String name = type.getSort() == Type.ARRAY ? type.getDescriptor().replace('/', '.') : type.getClassName();
            return classes.computeIfAbsent(name, n -> {
                try {
                    return Class.forName(n, false, loader);
                } catch (ClassNotFoundException e) {
                    throw new TypeNotPresentException(n, e);
                }
            });
        }
    }

    /** Links (verifies) and initializes the class; a verify or format error, or null. */
    public static String jvmVerify(String name, ClassLoader loader) {
        try {
            Class.forName(name, true, loader);
            return null;
        } catch (VerifyError | ClassFormatError e) {
            return e.toString();
        } catch (ExceptionInInitializerError | ClassNotFoundException | NoClassDefFoundError e) {
            return null; // not a verification problem; a test that uses the class will see it
        }
    }
}
