package dev.awaitj.processor.rewrite;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Copies a method body with fresh labels. ({@code MethodNode.accept} would share labels between
 * two copies of one method through {@code Label.info}.)
 */
final class MethodCopy {
    private MethodCopy() {
    }

    /** Copies code, try blocks and local variables of {@code from} into {@code to}; maps each instruction to its copy. */
    static Map<AbstractInsnNode, AbstractInsnNode> body(MethodNode from, MethodNode to) {
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn = from.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode) {
                labels.put((LabelNode) insn, new LabelNode());
            }
        }
        Map<AbstractInsnNode, AbstractInsnNode> copies = new IdentityHashMap<>();
        for (AbstractInsnNode insn = from.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            AbstractInsnNode copy = insn.clone(labels);
            to.instructions.add(copy);
            copies.put(insn, copy);
        }
        for (TryCatchBlockNode block : from.tryCatchBlocks) {
            TryCatchBlockNode copy = new TryCatchBlockNode(labels.get(block.start),
                    labels.get(block.end), labels.get(block.handler), block.type);
            copy.visibleTypeAnnotations = block.visibleTypeAnnotations;
            copy.invisibleTypeAnnotations = block.invisibleTypeAnnotations;
            to.tryCatchBlocks.add(copy);
        }
        if (from.localVariables != null) {
            to.localVariables = new java.util.ArrayList<>();
            for (LocalVariableNode local : from.localVariables) {
                to.localVariables.add(new LocalVariableNode(local.name, local.desc, local.signature,
                        labels.get(local.start), labels.get(local.end), local.index));
            }
        }
        to.maxLocals = from.maxLocals;
        to.maxStack = from.maxStack;
        return copies;
    }

    /** Removes the stack map frames javac wrote; the rewritten method gets new ones. */
    static void stripFrames(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                method.instructions.remove(insn);
            }
            insn = next;
        }
    }
}
