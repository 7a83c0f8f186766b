package dev.awaitj.processor.rewrite;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Pass 6: stack map frames and max stack/locals for a rewritten method, computed by ASM for that
 * method alone (the class's other methods keep javac's frames), with common superclasses answered
 * by {@link TypeHierarchy} instead of class loading.
 */
final class FrameComputation {
    private FrameComputation() {
    }

    static MethodNode compute(ClassNode owner, MethodNode method, TypeHierarchy hierarchy)
            throws RewriteException {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        byte[] bytes;
        try {
            writer.visit(owner.version, owner.access, owner.name, null, owner.superName,
                    owner.interfaces.toArray(new String[0]));
            method.accept(writer);
            writer.visitEnd();
            bytes = writer.toByteArray();
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            throw new RewriteException("the rewritten " + (method.name.endsWith("$async") ? "resume copy" : "method")
                    + " needs " + e.getCodeSize() + " bytes of bytecode, over the JVM's limit of 65535"
                    + " for one method; split it into smaller @Async methods", e);
        } catch (RuntimeException e) {
            throw new RewriteException("computing its stack map frames failed: " + e, e);
        }
        ClassNode single = new ClassNode();
        new ClassReader(bytes).accept(single, 0);
        return single.methods.get(0);
    }
}
