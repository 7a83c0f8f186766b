package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Data flow over one method: the type of every local and stack value before each instruction
 * (ASM's {@link Analyzer} with {@link TypeInterpreter}) and which locals are live there (a
 * backward pass over the control-flow graph the analyzer reports, exception edges included).
 */
final class MethodAnalysis {
    private final Frame<BasicValue>[] frames;
    private final BitSet[] liveIn;
    private final List<List<Integer>> normal;
    private final List<List<Integer>> exceptional;

    private MethodAnalysis(Frame<BasicValue>[] frames, BitSet[] liveIn, List<List<Integer>> normal,
            List<List<Integer>> exceptional) {
        this.frames = frames;
        this.liveIn = liveIn;
        this.normal = normal;
        this.exceptional = exceptional;
    }

    static MethodAnalysis of(String owner, MethodNode method, TypeHierarchy hierarchy)
            throws RewriteException {
        int size = method.instructions.size();
        List<List<Integer>> normal = new ArrayList<>(size);
        List<List<Integer>> exceptional = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            normal.add(new ArrayList<>(2));
            exceptional.add(new ArrayList<>(1));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new TypeInterpreter(hierarchy)) {
            @Override
            protected Frame<BasicValue> newFrame(int locals, int stack) {
                return new InitializingFrame(locals, stack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new InitializingFrame(frame);
            }

            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                normal.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, int successor) {
                exceptional.get(insn).add(successor);
                return true;
            }
        };
        Frame<BasicValue>[] frames;
        try {
            frames = analyzer.analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new RewriteException("its bytecode could not be analyzed: " + e.getMessage(), e);
        }
        return new MethodAnalysis(frames, liveness(method, normal, exceptional), normal, exceptional);
    }

    /** Types before instruction {@code index}; null if it is unreachable. */
    Frame<BasicValue> frameAt(int index) {
        return frames[index];
    }

    /** Locals read on some path from instruction {@code index} before being written. */
    BitSet liveAt(int index) {
        return liveIn[index];
    }

    /** The instructions control can reach from instruction {@code index}, exception handlers included. */
    List<Integer> successors(int index) {
        List<Integer> exceptionEdges = exceptional.get(index);
        if (exceptionEdges.isEmpty()) {
            return normal.get(index);
        }
        List<Integer> all = new ArrayList<>(normal.get(index));
        all.addAll(exceptionEdges);
        return all;
    }

    private static BitSet[] liveness(MethodNode method, List<List<Integer>> normal,
            List<List<Integer>> exceptional) {
        int size = method.instructions.size();
        AbstractInsnNode[] insns = method.instructions.toArray();
        BitSet[] use = new BitSet[size];
        int[] def = new int[size];
        for (int i = 0; i < size; i++) {
            use[i] = new BitSet();
            def[i] = -1;
            AbstractInsnNode insn = insns[i];
            if (insn instanceof VarInsnNode) {
                int var = ((VarInsnNode) insn).var;
                int op = insn.getOpcode();
                if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                    def[i] = var;
                } else {
                    use[i].set(var);
                }
            } else if (insn instanceof IincInsnNode) {
                use[i].set(((IincInsnNode) insn).var);
            }
        }
        List<List<Integer>> predecessors = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            predecessors.add(new ArrayList<>(2));
        }
        for (int i = 0; i < size; i++) {
            for (int s : normal.get(i)) {
                predecessors.get(s).add(i);
            }
            for (int s : exceptional.get(i)) {
                predecessors.get(s).add(i);
            }
        }
        BitSet[] liveIn = new BitSet[size];
        for (int i = 0; i < size; i++) {
            liveIn[i] = new BitSet();
        }
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        boolean[] queued = new boolean[size];
        for (int i = size - 1; i >= 0; i--) {
            work.add(i);
            queued[i] = true;
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            BitSet live = new BitSet();
            for (int s : normal.get(i)) {
                live.or(liveIn[s]);
            }
            if (def[i] >= 0) {
                live.clear(def[i]);
            }
            // An exception leaves before the instruction's store happens.
            for (int s : exceptional.get(i)) {
                live.or(liveIn[s]);
            }
            live.or(use[i]);
            if (!live.equals(liveIn[i])) {
                liveIn[i] = live;
                for (int p : predecessors.get(i)) {
                    if (!queued[p]) {
                        queued[p] = true;
                        work.add(p);
                    }
                }
            }
        }
        return liveIn;
    }

    /**
     * A frame that, when a constructor runs, replaces every copy of the object it initialized by
     * an ordinary value of its class, so that only objects still awaiting their constructor are
     * {@link TypeInterpreter.Uninitialized}.
     */
    private static final class InitializingFrame extends Frame<BasicValue> {
        InitializingFrame(int locals, int stack) {
            super(locals, stack);
        }

        InitializingFrame(Frame<? extends BasicValue> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter)
                throws AnalyzerException {
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL
                    || !((MethodInsnNode) insn).name.equals("<init>")) {
                super.execute(insn, interpreter);
                return;
            }
            MethodInsnNode init = (MethodInsnNode) insn;
            int receiverIndex = getStackSize() - 1 - Type.getArgumentTypes(init.desc).length;
            BasicValue receiver = getStack(receiverIndex);
            super.execute(insn, interpreter);
            if (!(receiver instanceof TypeInterpreter.Uninitialized)) {
                return;
            }
            BasicValue initialized = interpreter.newValue(receiver.getType());
            for (int i = 0; i < getLocals(); i++) {
                if (getLocal(i) == receiver) {
                    setLocal(i, initialized);
                }
            }
            for (int i = 0; i < getStackSize(); i++) {
                if (getStack(i) == receiver) {
                    setStack(i, initialized);
                }
            }
        }
    }
}
