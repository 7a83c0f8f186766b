package dev.awaitj.processor.rewrite;

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
            if (isScopeClose(insn) && !insideSynchronized(method, insn)) {
                int leaving = leavingException(method, insn);
                method.instructions.insert(insn, leaving < 0 ? closeAsync() : closeAsync(leaving));
                method.instructions.remove(insn);
            } else if (isIteratorClose(insn) && !insideSynchronized(method, insn)) {
                method.instructions.insert(insn, iteratorCloseAsync());
                method.instructions.remove(insn);
            }
            insn = next;
        }
    }

    private static boolean isScopeClose(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKEVIRTUAL) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(RuntimeNames.TASK_SCOPE) && call.name.equals("close")
                && call.desc.equals("()V");
    }

    /** {@code AsyncIterator.close()}: the end of a stream's try-with-resources in async code. */
    private static boolean isIteratorClose(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKEINTERFACE) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(RuntimeNames.ASYNC_ITERATOR) && call.name.equals("close")
                && call.desc.equals("()V");
    }

    /** {@code iterator} on the stack → {@code await(iterator.closeAsync())}: the producer has finished. */
    private static InsnList iteratorCloseAsync() {
        InsnList code = new InsnList();
        code.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, RuntimeNames.ASYNC_ITERATOR, "closeAsync",
                "()L" + RuntimeNames.STAGE + ";", true));
        code.add(await());
        code.add(new InsnNode(Opcodes.POP));
        return code;
    }

    /**
     * The local that holds the exception leaving the block, when {@code close} is the one javac
     * calls on that path (its handler adds the close's failure to that exception); else -1.
     */
    private static int leavingException(MethodNode method, AbstractInsnNode close) {
        int index = method.instructions.indexOf(close);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (method.instructions.indexOf(block.start) > index
                    || method.instructions.indexOf(block.end) <= index) {
                continue;
            }
            AbstractInsnNode store = real(block.handler);
            AbstractInsnNode loadLeaving = real(store == null ? null : store.getNext());
            AbstractInsnNode loadCaught = real(loadLeaving == null ? null : loadLeaving.getNext());
            AbstractInsnNode add = real(loadCaught == null ? null : loadCaught.getNext());
            if (store != null && store.getOpcode() == Opcodes.ASTORE
                    && loadLeaving != null && loadLeaving.getOpcode() == Opcodes.ALOAD
                    && loadCaught != null && loadCaught.getOpcode() == Opcodes.ALOAD
                    && ((VarInsnNode) loadCaught).var == ((VarInsnNode) store).var
                    && add instanceof MethodInsnNode
                    && ((MethodInsnNode) add).owner.equals("java/lang/Throwable")
                    && ((MethodInsnNode) add).name.equals("addSuppressed")) {
                return ((VarInsnNode) loadLeaving).var;
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
        int index = method.instructions.indexOf(insn);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (block.type != null || method.instructions.indexOf(block.start) > index
                    || method.instructions.indexOf(block.end) <= index) {
                continue;
            }
            AbstractInsnNode store = real(block.handler);
            AbstractInsnNode load = real(store == null ? null : store.getNext());
            AbstractInsnNode exit = real(load == null ? null : load.getNext());
            if (store != null && store.getOpcode() == Opcodes.ASTORE && load != null
                    && load.getOpcode() == Opcodes.ALOAD && exit != null
                    && exit.getOpcode() == Opcodes.MONITOREXIT) {
                return true;
            }
        }
        return false;
    }

    /** The first instruction at or after {@code insn} that is not a label, line number or frame. */
    private static AbstractInsnNode real(AbstractInsnNode insn) {
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getNext();
        }
        return insn;
    }

    /** {@code scope} on the stack → {@code await(scope.closeAsync())}, nothing left. */
    private static InsnList closeAsync() {
        InsnList code = new InsnList();
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.TASK_SCOPE, "closeAsync",
                "()L" + RuntimeNames.COMPLETABLE + ";", false));
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
