package dev.awaitj.processor.rewrite;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which spills the resume copy can leave out because the frame already holds the value: a local
 * restored from slot k of the frame at one resumption, not assigned since, and saved to that same
 * slot k at the next suspension (a loop's parameters, {@code this}, anything read but not
 * written across awaits). The frame keeps its slots across a resumption and only suspensions
 * write them, so such a store would write what is already there.
 *
 * <p>A forward "must" data flow over the analyzed method, entered only where the resume copy is:
 * just after each await, with the values that await restores. An await that completes at once
 * (the fast path) passes every fact through unchanged, because it neither restores nor spills.
 * Per local the fact is the frame slot it is known to equal ({@link #fact}), or {@link #UNKNOWN}.
 */
final class UnchangedSpills {
    private static final int UNKNOWN = -1;

    private UnchangedSpills() {
    }

    /** For each site (in order), the locals whose store the resume copy can skip there. */
    static BitSet[] of(MethodNode method, MethodAnalysis analysis, List<SpillPlan.Site> sites) {
        int size = method.instructions.size();
        int locals = method.maxLocals;
        int[][] in = new int[size][];
        int[] callIndex = new int[sites.size()];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (int i = 0; i < sites.size(); i++) {
            SpillPlan.Site site = sites.get(i);
            callIndex[i] = method.instructions.indexOf(site.call);
            int[] restored = new int[locals];
            Arrays.fill(restored, UNKNOWN);
            for (SpillPlan.Value value : site.locals) {
                if (value.kind != SpillPlan.Kind.NULL) {
                    restored[value.slot] = fact(value);
                }
            }
            if (merge(in, callIndex[i] + 1, restored)) {
                work.add(callIndex[i] + 1);
            }
        }
        AbstractInsnNode[] insns = method.instructions.toArray();
        while (!work.isEmpty()) {
            int index = work.poll();
            int[] out = in[index].clone();
            kill(insns[index], out);
            for (int successor : analysis.successors(index)) {
                if (merge(in, successor, out)) {
                    work.add(successor);
                }
            }
        }
        BitSet[] unchanged = new BitSet[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            unchanged[i] = new BitSet();
            int[] facts = in[callIndex[i]];
            if (facts == null) {
                continue; // the resume copy never reaches this await: nothing to save
            }
            for (SpillPlan.Value value : sites.get(i).locals) {
                if (value.kind != SpillPlan.Kind.NULL && facts[value.slot] == fact(value)) {
                    unchanged[i].set(value.slot);
                }
            }
        }
        return unchanged;
    }

    /** Which frame slot (array, index and kind) a local equals, as one non-negative number. */
    private static int fact(SpillPlan.Value value) {
        return value.index * SpillPlan.Kind.values().length + value.kind.ordinal();
    }

    /**
     * A store to a local forgets it (both halves, for a long or double) and a long or double whose
     * second half it overwrites.
     */
    private static void kill(AbstractInsnNode insn, int[] facts) {
        int var;
        int size = 1;
        if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE
                && insn.getOpcode() <= Opcodes.ASTORE) {
            var = ((VarInsnNode) insn).var;
            size = insn.getOpcode() == Opcodes.LSTORE || insn.getOpcode() == Opcodes.DSTORE ? 2 : 1;
        } else if (insn instanceof IincInsnNode) {
            var = ((IincInsnNode) insn).var;
        } else {
            return;
        }
        if (var > 0 && isTwoWords(facts[var - 1])) {
            facts[var - 1] = UNKNOWN;
        }
        for (int slot = var; slot < var + size && slot < facts.length; slot++) {
            facts[slot] = UNKNOWN;
        }
    }

    private static boolean isTwoWords(int fact) {
        if (fact < 0) {
            return false;
        }
        SpillPlan.Kind kind = SpillPlan.Kind.values()[fact % SpillPlan.Kind.values().length];
        return kind == SpillPlan.Kind.LONG || kind == SpillPlan.Kind.DOUBLE;
    }

    /** Meets {@code facts} into the facts before {@code index}; true if they changed. */
    private static boolean merge(int[][] in, int index, int[] facts) {
        if (index >= in.length) {
            return false;
        }
        int[] current = in[index];
        if (current == null) {
            in[index] = facts.clone();
            return true;
        }
        boolean changed = false;
        for (int slot = 0; slot < current.length; slot++) {
            if (current[slot] != facts[slot] && current[slot] != UNKNOWN) {
                current[slot] = UNKNOWN;
                changed = true;
            }
        }
        return changed;
    }
}
