package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * In an async method, closing a {@code TaskScope} or a stream's {@code AsyncIterator} is an
 * await (C#'s {@code await using}, Python's {@code async with}): leaving a try-with-resources
 * block waits until the scope's forks, or the stream's producer, have ended, their cleanup
 * included, instead of leaving them running.
 *
 * <ul>
 *   <li>{@code scope.close()} becomes {@code await(scope.closeAsync())}, and
 *       {@code iterator.close()} {@code await(iterator.closeAsync())};</li>
 *   <li>the close that javac emits for a block left by an exception {@code t} — the one inside
 *       {@code try { scope.close(); } catch (Throwable t2) { t.addSuppressed(t2); }} — becomes
 *       {@code t = (Throwable) await(scope.closeAsync(t))}, so that the scope can put its own
 *       failure in place of the cancellation it caused (the first failing fork cancels the
 *       owner's current await, and the owner must see that failure, not the cancellation).</li>
 * </ul>
 *
 * A close inside {@code synchronized} stays synchronous (a suspension there would hold the
 * monitor). Runs first, so that the awaits it adds are found and rewritten like the user's own.
 */
final class ScopeCloses {
    private ScopeCloses() {
    }

    static void rewrite(MethodNode method) {
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return; // a suspension would hold the monitor: such closes stay synchronous
        }
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            boolean scope = isClose(insn, Opcodes.INVOKEVIRTUAL, RuntimeNames.TASK_SCOPE);
            boolean iterator = isClose(insn, Opcodes.INVOKEINTERFACE, RuntimeNames.ASYNC_ITERATOR);
            if ((scope || iterator) && !insideSynchronized(method, insn)) {
                InsnList replacement;
                if (iterator) {
                    replacement = awaitThenPop(new MethodInsnNode(Opcodes.INVOKEINTERFACE,
                            RuntimeNames.ASYNC_ITERATOR, "closeAsync", "()L" + RuntimeNames.STAGE + ";", true));
                } else {
                    int leaving = leavingException(method, insn);
                    replacement = leaving >= 0 ? closeAsync(leaving)
                            : awaitThenPop(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.TASK_SCOPE,
                                    "closeAsync", "()L" + RuntimeNames.COMPLETABLE + ";", false));
                }
                method.instructions.insert(insn, replacement);
                method.instructions.remove(insn);
            }
            insn = next;
        }
    }

    /** A call {@code owner.close()} made with {@code opcode}. */
    private static boolean isClose(AbstractInsnNode insn, int opcode, String owner) {
        if (insn.getOpcode() != opcode) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(owner) && call.name.equals("close") && call.desc.equals("()V");
    }

    /**
     * The local that holds the exception leaving the block, when {@code close} is the one javac
     * calls on that path (its handler adds the close's failure to that exception: {@code astore
     * t2; aload t; aload t2; invokevirtual Throwable.addSuppressed}); else -1.
     */
    private static int leavingException(MethodNode method, AbstractInsnNode close) {
        for (AbstractInsnNode[] head : handlerHeads(method, close, false)) {
            if (head[0] != null && head[0].getOpcode() == Opcodes.ASTORE
                    && head[1] != null && head[1].getOpcode() == Opcodes.ALOAD
                    && head[2] != null && head[2].getOpcode() == Opcodes.ALOAD
                    && ((VarInsnNode) head[2]).var == ((VarInsnNode) head[0]).var
                    && head[3] instanceof MethodInsnNode
                    && ((MethodInsnNode) head[3]).owner.equals("java/lang/Throwable")
                    && ((MethodInsnNode) head[3]).name.equals("addSuppressed")) {
                return ((VarInsnNode) head[1]).var;
            }
        }
        return -1;
    }

    /**
     * Whether {@code insn} is inside a {@code synchronized} block: covered by javac's catch-all
     * that releases the monitor ({@code astore t; aload lock; monitorexit}). A close there stays
     * synchronous, since suspending would keep the monitor held (the await rule's reason).
     */
    private static boolean insideSynchronized(MethodNode method, AbstractInsnNode insn) {
        for (AbstractInsnNode[] head : handlerHeads(method, insn, true)) {
            if (head[0] != null && head[0].getOpcode() == Opcodes.ASTORE
                    && head[1] != null && head[1].getOpcode() == Opcodes.ALOAD
                    && head[2] != null && head[2].getOpcode() == Opcodes.MONITOREXIT) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first four real instructions of the handler of each try block (each catch-all one, with
     * {@code catchAllOnly}) that covers {@code insn}.
     */
    private static List<AbstractInsnNode[]> handlerHeads(MethodNode method, AbstractInsnNode insn,
            boolean catchAllOnly) {
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

    /** The first instruction at or after {@code insn} that is not a label, line number or frame. */
    private static AbstractInsnNode real(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    /** The receiver on the stack → {@code await(receiver.closeAsync())} through {@code call}, nothing left. */
    private static InsnList awaitThenPop(MethodInsnNode call) {
        InsnList code = new InsnList();
        code.add(call);
        code.add(await());
        code.add(new InsnNode(Opcodes.POP));
        return code;
    }

    /** {@code scope} on the stack → {@code leaving = (Throwable) await(scope.closeAsync(leaving))}. */
    private static InsnList closeAsync(int leaving) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, leaving));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.TASK_SCOPE, "closeAsync",
                "(Ljava/lang/Throwable;)L" + RuntimeNames.COMPLETABLE + ";", false));
        code.add(await());
        code.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/Throwable"));
        code.add(new VarInsnNode(Opcodes.ASTORE, leaving));
        return code;
    }

    private static MethodInsnNode await() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.AWAIT_OWNER,
                RuntimeNames.AWAIT_NAME, RuntimeNames.AWAIT_DESC, false);
    }
}
