package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Finds the calls of {@code Await.await} in a method, in instruction order. */
final class AwaitSites {
    private AwaitSites() {
    }

    static List<MethodInsnNode> in(MethodNode method) {
        List<MethodInsnNode> sites = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (isAwait(insn)) {
                sites.add((MethodInsnNode) insn);
            }
        }
        return sites;
    }

    static boolean isAwait(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return RuntimeNames.isAwait(call.owner, call.name, call.desc);
    }

    /** Whether {@code await(stage, Class)} — the form that declares a checked failure. */
    static boolean isCheckedForm(MethodInsnNode call) {
        return call.desc.equals(RuntimeNames.AWAIT_CHECKED_DESC);
    }
}
