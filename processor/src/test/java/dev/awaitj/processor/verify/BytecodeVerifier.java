package dev.awaitj.processor.verify;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
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

    /** ASM's verifier over every method of the class, or null if it passes. */
    public static String asmVerify(byte[] classFile, ClassLoader loader) {
        StringWriter out = new StringWriter();
        try {
            CheckClassAdapter.verify(new ClassReader(classFile), loader, false, new PrintWriter(out));
        } catch (RuntimeException | LinkageError e) {
            return "verifier crashed: " + e;
        }
        return out.toString().isEmpty() ? null : out.toString();
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
