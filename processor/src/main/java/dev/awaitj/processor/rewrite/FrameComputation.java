package dev.awaitj.processor.rewrite;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.MethodNode;

/**
 * Pass 6: stack map frames and max stack/locals for the rewritten methods, computed by ASM as
 * they are written into the class, with common superclasses answered by {@link TypeHierarchy}
 * instead of class loading. The class's other methods keep javac's code and frames byte for byte:
 * the writer is made from the class's own {@link ClassReader}, which copies a method it is handed
 * unchanged (and the constant pool) without decoding it.
 */
final class FrameComputation {
    private FrameComputation() {
    }

    /** A writer for the rewritten class that computes frames for every method it is given as a tree. */
    static ClassWriter writer(ClassReader original, TypeHierarchy hierarchy) {
        return new ClassWriter(original, ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
    }

    /** Writes one rewritten method; its frames are computed here. */
    static void write(MethodNode method, ClassVisitor writer) throws RewriteException {
        try {
            method.accept(writer);
        } catch (RuntimeException e) {
            throw new RewriteException("computing its stack map frames failed: " + e, e);
        }
    }

    /** Why a rewritten method cannot be written; its size is known only when the class is. */
    static String tooLarge(MethodTooLargeException e, boolean resumeCopy) {
        return "the rewritten " + (resumeCopy ? "resume copy" : "method")
                + " needs " + e.getCodeSize() + " bytes of bytecode, over the JVM's limit of 65535"
                + " for one method; split it into smaller @Async methods";
    }
}
