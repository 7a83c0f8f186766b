package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Entry copy only: the call is the boundary of the context it binds. The thread's carrier (the
 * task and context values, {@code TaskSlot}) is remembered as the method starts and given back
 * whenever the method returns to its caller, so that plain code that called it, and whatever
 * runs on the thread next, never sees what the call bound, suspended or not. The resume copy
 * needs none of it: each resumption reinstalls the frame's carrier and restores the thread's.
 *
 * <pre>
 *   (start)          →  thread = ThreadState.get(); saved = thread.enterAsync();
 *   return future;   →  thread.leaveAsync(saved); return future;    // done, or failed
 *   (suspension)     →  frame = AsyncFrame.create(body, refs, prims, thread, saved); ... return frame;
 * </pre>
 *
 * Run after {@link Completion} (whose returns it wraps, its catch-all's included) and before
 * {@link SuspensionPoints} (whose returns give the carrier back in {@code AsyncFrame.create}).
 * The two locals are set before the body's try range starts, so the catch-all sees them.
 */
final class ContextBoundary {
    private ContextBoundary() {
    }

    static void emit(MethodNode entry, SpillPlan plan) {
        for (AbstractInsnNode insn = entry.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                InsnList leave = new InsnList();
                leave.add(new VarInsnNode(Opcodes.ALOAD, plan.threadSlot));
                leave.add(new VarInsnNode(Opcodes.ALOAD, plan.savedCarrierSlot));
                leave.add(invokeThreadState("leaveAsync", "(Ljava/lang/Object;)V"));
                entry.instructions.insertBefore(insn, leave);
            }
        }
        InsnList enter = new InsnList();
        enter.add(Emit.invokeStatic(RuntimeNames.THREAD_STATE, "get", "()L" + RuntimeNames.THREAD_STATE + ";"));
        enter.add(new InsnNode(Opcodes.DUP));
        enter.add(new VarInsnNode(Opcodes.ASTORE, plan.threadSlot));
        enter.add(invokeThreadState("enterAsync", "()Ljava/lang/Object;"));
        enter.add(new VarInsnNode(Opcodes.ASTORE, plan.savedCarrierSlot));
        entry.instructions.insert(enter);
    }

    private static MethodInsnNode invokeThreadState(String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.THREAD_STATE, name, desc, false);
    }
}
