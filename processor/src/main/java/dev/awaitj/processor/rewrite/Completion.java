package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass 5: how a body ends. A returned stage completes the method's future; an exception thrown
 * anywhere in the body — before or after the first await — completes it exceptionally instead of
 * escaping to the caller or to whoever resumed the method.
 *
 * <pre>
 *   entry copy:   return stage;            →  return AsyncSupport.completedWith(stage);
 *                 return completedFuture(v) → return AsyncSupport.completedValue(v);
 *                 catch (Throwable t)       → return AsyncSupport.failedWith(t);
 *   resume copy:  return stage;            →  frame.finishWith(stage); return;
 *                 return completedFuture(v) → frame.finishValue(v); return;
 *                 catch (Throwable t)       → frame.finishExceptionally(t); return;
 * </pre>
 *
 * The catch-all is appended to the exception table, so the method's own handlers come first.
 */
final class Completion {
    private static final String COMPLETED_FUTURE_DESC =
            "(Ljava/lang/Object;)Ljava/util/concurrent/CompletableFuture;";
    private static final String STAGE_ARG = "(Ljava/util/concurrent/CompletionStage;)";

    private Completion() {
    }

    /** Rewrites the returns of the method's own code; call before other passes add code. */
    static void emit(MethodNode copy, Copy which, int frameSlot) {
        LabelNode bodyStart = new LabelNode();
        LabelNode bodyEnd = new LabelNode();
        for (AbstractInsnNode insn = copy.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.ARETURN) {
                rewriteReturn(copy, insn, which, frameSlot);
            }
            insn = next;
        }
        copy.instructions.insert(bodyStart);
        copy.instructions.add(bodyEnd);
        LabelNode handler = new LabelNode();
        InsnList code = new InsnList();
        code.add(handler);
        if (which == Copy.ENTRY) {
            code.add(Emit.invokeStatic(RuntimeNames.SUPPORT, "failedWith",
                    "(Ljava/lang/Throwable;)L" + RuntimeNames.FUTURE + ";"));
            code.add(new InsnNode(Opcodes.ARETURN));
        } else {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(new InsnNode(Opcodes.SWAP));
            code.add(Emit.invokeFrame("finishExceptionally", "(Ljava/lang/Throwable;)V"));
            code.add(new InsnNode(Opcodes.RETURN));
        }
        copy.instructions.add(code);
        copy.tryCatchBlocks.add(new TryCatchBlockNode(bodyStart, bodyEnd, handler, null));
    }

    private static void rewriteReturn(MethodNode copy, AbstractInsnNode ret, Copy which, int frameSlot) {
        AbstractInsnNode previous = ret.getPrevious();
        boolean completedValue = previous instanceof MethodInsnNode
                && previous.getOpcode() == Opcodes.INVOKESTATIC
                && ((MethodInsnNode) previous).owner.equals(RuntimeNames.COMPLETABLE)
                && ((MethodInsnNode) previous).name.equals("completedFuture")
                && ((MethodInsnNode) previous).desc.equals(COMPLETED_FUTURE_DESC);
        InsnList code = new InsnList();
        if (which == Copy.ENTRY) {
            if (completedValue) {
                copy.instructions.set(previous, Emit.invokeStatic(RuntimeNames.SUPPORT,
                        "completedValue", "(Ljava/lang/Object;)L" + RuntimeNames.FUTURE + ";"));
                return;
            }
            code.add(Emit.invokeStatic(RuntimeNames.SUPPORT, "completedWith",
                    STAGE_ARG + "L" + RuntimeNames.FUTURE + ";"));
            copy.instructions.insertBefore(ret, code);
            return;
        }
        if (completedValue) {
            copy.instructions.remove(previous);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        code.add(new InsnNode(Opcodes.SWAP));
        code.add(completedValue
                ? Emit.invokeFrame("finishValue", "(Ljava/lang/Object;)V")
                : Emit.invokeFrame("finishWith", STAGE_ARG + "V"));
        code.add(new InsnNode(Opcodes.RETURN));
        copy.instructions.insertBefore(ret, code);
        copy.instructions.remove(ret);
    }
}
