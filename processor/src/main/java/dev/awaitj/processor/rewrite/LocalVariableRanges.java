package dev.awaitj.processor.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Last pass (both copies): trims the local-variable table (and with it the local-variable type
 * table, which ASM writes from the same entries) to where each slot really holds its variable,
 * so that a debugger shows a true value or none.
 *
 * <p>javac's table is right for the method javac wrote, not for the resume copy: there slot 0
 * first holds the {@code AsyncFrame}, and after a resumption only the locals the await restores
 * hold their values; the others hold nothing until the body stores to them again.
 *
 * <pre>
 *   static CompletableFuture&lt;Integer&gt; work(CompletableFuture&lt;Integer&gt; a, int k) {
 *       int before = k * 2;
 *       int got = await(a);          // restores only before (a and k are dead here)
 *       return completedFuture(got + before);
 *   }
 *   javac's table:           a, k over the whole body; before, got from their stores
 *   work$async, before:      a (slot 0 = the frame), k (never restored): wrong values
 *   work$async, after:       a, k absent after the resumption; before, got where stored or restored
 * </pre>
 *
 * A forward "must" data flow over the copy: a slot holds the original's value after any store to
 * it (the body's own stores and the restores of the resume dispatch are the only stores the
 * rewrite leaves below the frame slot) and, in the entry copy, from the start for a parameter.
 * Nothing else writes those slots, so a slot stays valid once made so; where paths meet, a slot is
 * valid only if it is on all of them. Each entry keeps the parts of its range where its slot
 * (both slots, for a {@code long} or {@code double}) is valid, split into as many entries as there
 * are such runs; an entry whose slot is never valid disappears.
 */
final class LocalVariableRanges {
    private LocalVariableRanges() {
    }

    /** Trims the entry copy's table: parameters hold their values from the start. */
    static void trimEntry(MethodNode entry) {
        BitSet parameters = new BitSet();
        int slots = (entry.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        for (Type argument : Type.getArgumentTypes(entry.desc)) {
            slots += argument.getSize();
        }
        parameters.set(0, slots);
        trim(entry, parameters);
    }

    /** Trims the resume copy's table: at its start no slot holds a variable of the original. */
    static void trimResume(MethodNode resume) {
        trim(resume, new BitSet());
    }

    private static void trim(MethodNode copy, BitSet validAtStart) {
        if (copy.localVariables == null || copy.localVariables.isEmpty()) {
            return;
        }
        InsnList code = copy.instructions;
        AbstractInsnNode[] insns = code.toArray();
        BitSet[] valid = validity(copy, insns, validAtStart);
        // Runs are found first and labelled after, as inserting labels would shift the indexes.
        List<LocalVariableNode> runs = new ArrayList<>();
        List<AbstractInsnNode[]> bounds = new ArrayList<>();
        for (LocalVariableNode local : copy.localVariables) {
            int size = Type.getType(local.desc).getSize();
            int end = code.indexOf(local.end);
            int runStart = -1;
            boolean runHasCode = false;
            for (int i = code.indexOf(local.start); i <= end; i++) {
                boolean holds = i < end && valid[i] != null && valid[i].get(local.index)
                        && (size == 1 || valid[i].get(local.index + 1));
                if (holds && runStart < 0) {
                    runStart = i;
                    runHasCode = false;
                }
                if (holds) {
                    runHasCode |= insns[i].getOpcode() >= 0;
                } else if (runStart >= 0) {
                    if (runHasCode) {
                        runs.add(local);
                        bounds.add(new AbstractInsnNode[] {insns[runStart], i == end ? local.end : insns[i]});
                    }
                    runStart = -1;
                }
            }
        }
        Map<AbstractInsnNode, LabelNode> labels = new IdentityHashMap<>();
        List<LocalVariableNode> trimmed = new ArrayList<>(runs.size());
        for (int r = 0; r < runs.size(); r++) {
            LocalVariableNode local = runs.get(r);
            trimmed.add(new LocalVariableNode(local.name, local.desc, local.signature,
                    labelAt(bounds.get(r)[0], code, labels), labelAt(bounds.get(r)[1], code, labels),
                    local.index));
        }
        copy.localVariables = trimmed;
    }

    /** A label at {@code insn}'s position: itself, or one inserted just before it (once). */
    private static LabelNode labelAt(AbstractInsnNode insn, InsnList code,
            Map<AbstractInsnNode, LabelNode> labels) {
        if (insn instanceof LabelNode) {
            return (LabelNode) insn;
        }
        return labels.computeIfAbsent(insn, at -> {
            LabelNode label = new LabelNode();
            code.insertBefore(at, label);
            return label;
        });
    }

    /** Per instruction, the slots that hold the original's value before it runs; null where unreachable. */
    private static BitSet[] validity(MethodNode copy, AbstractInsnNode[] insns, BitSet validAtStart) {
        InsnList code = copy.instructions;
        int n = insns.length;
        List<List<Integer>> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handlers.add(List.of());
        }
        for (TryCatchBlockNode block : copy.tryCatchBlocks) {
            int handler = code.indexOf(block.handler);
            for (int i = code.indexOf(block.start), end = code.indexOf(block.end); i < end; i++) {
                if (handlers.get(i).isEmpty()) {
                    handlers.set(i, new ArrayList<>(2));
                }
                handlers.get(i).add(handler);
            }
        }
        BitSet[] in = new BitSet[n];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        if (n > 0) {
            in[0] = (BitSet) validAtStart.clone();
            work.add(0);
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            for (int handler : handlers.get(i)) {
                if (meet(in, handler, in[i])) {
                    work.add(handler);
                }
            }
            BitSet out = (BitSet) in[i].clone();
            AbstractInsnNode insn = insns[i];
            int op = insn.getOpcode();
            if (insn instanceof VarInsnNode && op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                int var = ((VarInsnNode) insn).var;
                out.set(var, var + (op == Opcodes.LSTORE || op == Opcodes.DSTORE ? 2 : 1));
            } else if (insn instanceof IincInsnNode) {
                out.set(((IincInsnNode) insn).var);
            }
            for (int successor : successors(insn, i, n, code)) {
                if (meet(in, successor, out)) {
                    work.add(successor);
                }
            }
        }
        return in;
    }

    private static List<Integer> successors(AbstractInsnNode insn, int i, int n, InsnList code) {
        List<Integer> next = new ArrayList<>(2);
        if (insn instanceof JumpInsnNode) {
            next.add(code.indexOf(((JumpInsnNode) insn).label));
            if (insn.getOpcode() == Opcodes.GOTO) {
                return next;
            }
        } else if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode table = (TableSwitchInsnNode) insn;
            next.add(code.indexOf(table.dflt));
            table.labels.forEach(label -> next.add(code.indexOf(label)));
            return next;
        } else if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode lookup = (LookupSwitchInsnNode) insn;
            next.add(code.indexOf(lookup.dflt));
            lookup.labels.forEach(label -> next.add(code.indexOf(label)));
            return next;
        } else if (insn.getOpcode() == Opcodes.ATHROW
                || (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN)) {
            return next;
        }
        if (i + 1 < n) {
            next.add(i + 1);
        }
        return next;
    }

    /** Meets {@code facts} into the facts before {@code index}; true if they changed. */
    private static boolean meet(BitSet[] in, int index, BitSet facts) {
        BitSet current = in[index];
        if (current == null) {
            in[index] = (BitSet) facts.clone();
            return true;
        }
        BitSet met = (BitSet) current.clone();
        met.and(facts);
        if (met.equals(current)) {
            return false;
        }
        in[index] = met;
        return true;
    }
}
