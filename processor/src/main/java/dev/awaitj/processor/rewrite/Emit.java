package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Small instruction factories shared by the passes that emit code. */
final class Emit {
    private Emit() {
    }

    static AbstractInsnNode intConst(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    static MethodInsnNode invokeStatic(String owner, String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, desc, false);
    }

    static MethodInsnNode invokeFrame(String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FRAME, name, desc, false);
    }

    static FieldInsnNode frameRefs() {
        return new FieldInsnNode(Opcodes.GETFIELD, RuntimeNames.FRAME, "refs", "[Ljava/lang/Object;");
    }

    static FieldInsnNode framePrims() {
        return new FieldInsnNode(Opcodes.GETFIELD, RuntimeNames.FRAME, "prims", "[J");
    }
}
