package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
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
 *   <li>the close that the compiler (javac or ECJ) emits for a block left by an exception
 *       {@code t} — the one whose failure is added to {@code t} as suppressed — becomes
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
            if ((scope || iterator) && !Handlers.insideSynchronized(method, insn)) {
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
     * The local that holds the exception leaving the block, when {@code close} is the one the
     * compiler calls on that path; else -1. The handler around that close adds the close's
     * failure to the leaving exception {@code t}:
     *
     * <pre>
     * javac: try { r.close(); } catch (Throwable t2) { t.addSuppressed(t2); }
     *        handler: astore t2; aload t; aload t2; invokevirtual addSuppressed
     * ECJ:   one handler covers both closes, and t is null on the normal path:
     *        handler: astore t2; aload t; ifnonnull ..; (t = t2, or t.addSuppressed(t2)); aload t; athrow
     *        and the exceptional path's close comes just after its own handler's astore t.
     * </pre>
     */
    private static int leavingException(MethodNode method, AbstractInsnNode close) {
        for (AbstractInsnNode[] head : Handlers.heads(method, close, false)) {
            if (Handlers.opcode(head[0]) != Opcodes.ASTORE || Handlers.opcode(head[1]) != Opcodes.ALOAD) {
                continue;
            }
            int leaving = ((VarInsnNode) head[1]).var;
            boolean javac = Handlers.opcode(head[2]) == Opcodes.ALOAD
                    && ((VarInsnNode) head[2]).var == ((VarInsnNode) head[0]).var
                    && head[3] instanceof MethodInsnNode
                    && ((MethodInsnNode) head[3]).owner.equals("java/lang/Throwable")
                    && ((MethodInsnNode) head[3]).name.equals("addSuppressed");
            boolean ecj = Handlers.opcode(head[2]) == Opcodes.IFNONNULL
                    && afterHandlerStoring(method, close, leaving);
            if (javac || ecj) {
                return leaving;
            }
        }
        return -1;
    }

    /**
     * Whether {@code close} is on an exception's path: a few instructions after a handler's first
     * instruction {@code astore leaving} (ECJ: {@code astore t; aload r; ifnull; aload r; close}).
     */
    private static boolean afterHandlerStoring(MethodNode method, AbstractInsnNode close, int leaving) {
        int seen = 0;
        for (AbstractInsnNode at = close.getPrevious(); at != null && seen < 6; at = at.getPrevious()) {
            if (at.getOpcode() < 0) {
                continue;
            }
            seen++;
            if (at.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) at).var == leaving) {
                return Handlers.startsHandler(method, at);
            }
        }
        return false;
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
