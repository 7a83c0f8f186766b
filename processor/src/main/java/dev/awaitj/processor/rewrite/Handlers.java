package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The exception handlers that cover an instruction, seen by their first instructions: that is
 * where the compilers' {@code synchronized} and try-with-resources blocks show in bytecode. javac
 * and the Eclipse compiler (ECJ) lay them out differently, and both shapes are recognised:
 *
 * <pre>
 * synchronized, the catch-all that releases the monitor:
 *   javac: astore t; aload lock; monitorexit; aload t; athrow
 *   ECJ:   aload lock; monitorexit; athrow          (the exception stays on the stack)
 * </pre>
 */
public final class Handlers {
    private Handlers() {
    }

    /**
     * Whether {@code insn} is inside a {@code synchronized} block (not counting a synchronized
     * method): covered by a catch-all handler that releases a monitor.
     */
    public static boolean insideSynchronized(MethodNode method, AbstractInsnNode insn) {
        for (AbstractInsnNode[] head : heads(method, insn, true)) {
            boolean javac = opcode(head[0]) == Opcodes.ASTORE && opcode(head[1]) == Opcodes.ALOAD
                    && opcode(head[2]) == Opcodes.MONITOREXIT;
            boolean ecj = opcode(head[0]) == Opcodes.ALOAD && opcode(head[1]) == Opcodes.MONITOREXIT;
            if (javac || ecj) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first four real instructions of the handler of each try block (each catch-all one, with
     * {@code catchAllOnly}) that covers {@code insn}; missing ones are null.
     */
    static List<AbstractInsnNode[]> heads(MethodNode method, AbstractInsnNode insn, boolean catchAllOnly) {
        int index = method.instructions.indexOf(insn);
        List<AbstractInsnNode[]> heads = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (catchAllOnly && block.type != null || method.instructions.indexOf(block.start) > index
                    || method.instructions.indexOf(block.end) <= index) {
                continue;
            }
            AbstractInsnNode[] head = new AbstractInsnNode[4];
            AbstractInsnNode at = real(block.handler);
            for (int i = 0; i < head.length && at != null; i++) {
                head[i] = at;
                at = real(at.getNext());
            }
            heads.add(head);
        }
        return heads;
    }

    /** Whether {@code insn} is the first real instruction of some handler. */
    static boolean startsHandler(MethodNode method, AbstractInsnNode insn) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (real(block.handler) == insn) {
                return true;
            }
        }
        return false;
    }

    /** The first instruction at or after {@code insn} that is not a label, line number or frame. */
    public static AbstractInsnNode real(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    static int opcode(AbstractInsnNode insn) {
        return insn == null ? -1 : insn.getOpcode();
    }
}
