package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Pass 2: for each await, which values must survive a suspension there and where they go in the
 * frame — the locals live after the await and the operand-stack values under the awaited stage
 * (in {@code foo(a, b, await(x))}, {@code a} and {@code b}). References go to {@code refs},
 * primitives to {@code prims} by their raw bits; known-null values are not stored at all.
 *
 * <p>With {@code debugLocals} (the processor option {@code awaitj.debugLocals}), a suspension also
 * saves every local the local-variable table has in scope at the await, live or not, so that after
 * a resumption a debugger shows the whole method, as in the entry copy; without it, a variable
 * not read after the await is simply absent there (see {@link LocalVariableRanges}).
 */
final class SpillPlan {

    /** How one value is stored. */
    enum Kind {
        REF, INT, FLOAT, LONG, DOUBLE, NULL;

        Type type() {
            switch (this) {
                case INT: return Type.INT_TYPE;
                case FLOAT: return Type.FLOAT_TYPE;
                case LONG: return Type.LONG_TYPE;
                case DOUBLE: return Type.DOUBLE_TYPE;
                default: return Type.getObjectType("java/lang/Object");
            }
        }
    }

    /**
     * One saved value: {@code slot} is its local variable (for stack values, a temporary the
     * suspension stores it to), {@code index} its place in refs or prims, {@code cast} the class
     * a restored reference is cast to.
     */
    static final class Value {
        final Kind kind;
        final int slot;
        final int index;
        final String cast;

        Value(Kind kind, int slot, int index, String cast) {
            this.kind = kind;
            this.slot = slot;
            this.index = index;
            this.cast = cast;
        }
    }

    /** One suspension point. {@code state} counts from 1. */
    static final class Site {
        final int state;
        final MethodInsnNode call;
        final List<Value> locals;
        final List<Value> stack;
        final int line;
        final int refs;
        final int prims;

        Site(int state, MethodInsnNode call, List<Value> locals, List<Value> stack, int line,
                int refs, int prims) {
            this.state = state;
            this.call = call;
            this.locals = locals;
            this.stack = stack;
            this.line = line;
            this.refs = refs;
            this.prims = prims;
        }
    }

    final List<Site> sites;
    final int maxRefs;
    final int maxPrims;
    /**
     * The local holding the frame; then the awaited stage; then, in the entry copy, the thread's
     * state and the carrier it had at entry ({@link ContextBoundary}); then the stack temporaries.
     */
    final int frameSlot;
    final int stageSlot;
    final int threadSlot;
    final int savedCarrierSlot;

    /** Per site (by state - 1), the locals the resume copy need not store: see {@link UnchangedSpills}. */
    private final BitSet[] unchanged;

    private SpillPlan(List<Site> sites, BitSet[] unchanged, int frameSlot, int stageSlot) {
        this.sites = Collections.unmodifiableList(sites);
        this.unchanged = unchanged;
        this.maxRefs = sites.stream().mapToInt(s -> s.refs).max().orElse(0);
        this.maxPrims = sites.stream().mapToInt(s -> s.prims).max().orElse(0);
        this.frameSlot = frameSlot;
        this.stageSlot = stageSlot;
        this.threadSlot = stageSlot + 1;
        this.savedCarrierSlot = stageSlot + 2;
    }

    static SpillPlan of(String owner, MethodNode method, MethodAnalysis analysis,
            List<MethodInsnNode> calls, TypeHierarchy hierarchy, boolean debugLocals)
            throws RewriteException {
        int frameSlot = method.maxLocals;
        int stageSlot = frameSlot + 1;
        int tempBase = stageSlot + 3; // after the thread state and the saved carrier
        List<Site> sites = new ArrayList<>();
        for (MethodInsnNode call : calls) {
            int index = method.instructions.indexOf(call);
            Frame<BasicValue> frame = analysis.frameAt(index);
            if (frame == null) {
                continue; // unreachable: javac keeps none, but an unreachable await needs no state
            }
            int[] counts = new int[2];
            List<Value> locals = new ArrayList<>();
            BitSet live = analysis.liveAt(index);
            if (debugLocals) {
                live = (BitSet) live.clone();
                live.or(inScope(method, index));
            }
            for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1)) {
                BasicValue value = frame.getLocal(slot);
                if (value == BasicValue.UNINITIALIZED_VALUE) {
                    continue; // second half of a long or double, or a value javac never reads
                }
                locals.add(value(value, slot, counts, owner, hierarchy, "local variable " + slot));
            }
            int below = frame.getStackSize() - (AwaitSites.isCheckedForm(call) ? 2 : 1);
            List<Value> stack = new ArrayList<>();
            int temp = tempBase;
            for (int i = 0; i < below; i++) {
                BasicValue value = frame.getStack(i);
                if (value instanceof TypeInterpreter.Uninitialized) {
                    throw new RewriteException("an object under construction is on the stack at"
                            + " an await");
                }
                stack.add(value(value, temp, counts, owner, hierarchy, "stack value " + i));
                temp += value.getSize();
            }
            sites.add(new Site(sites.size() + 1, call, locals, stack, lineOf(call), counts[0], counts[1]));
        }
        BitSet[] unchanged = sites.isEmpty() ? new BitSet[0] : UnchangedSpills.of(method, analysis, sites);
        return new SpillPlan(sites, unchanged, frameSlot, stageSlot);
    }

    /** The slots of the variables the local-variable table has in scope at instruction {@code index}. */
    private static BitSet inScope(MethodNode method, int index) {
        BitSet slots = new BitSet();
        if (method.localVariables != null) {
            for (LocalVariableNode local : method.localVariables) {
                if (method.instructions.indexOf(local.start) <= index
                        && index < method.instructions.indexOf(local.end)) {
                    slots.set(local.index);
                }
            }
        }
        return slots;
    }

    /** Whether the frame already holds local {@code value} when the resume copy suspends at {@code site}. */
    boolean keptInFrame(Site site, Value value) {
        return unchanged[site.state - 1].get(value.slot);
    }

    private static Value value(BasicValue value, int slot, int[] counts, String owner,
            TypeHierarchy hierarchy, String what) throws RewriteException {
        if (value == BasicValue.INT_VALUE) {
            return new Value(Kind.INT, slot, counts[1]++, null);
        }
        if (value == BasicValue.FLOAT_VALUE) {
            return new Value(Kind.FLOAT, slot, counts[1]++, null);
        }
        if (value == BasicValue.LONG_VALUE) {
            return new Value(Kind.LONG, slot, counts[1]++, null);
        }
        if (value == BasicValue.DOUBLE_VALUE) {
            return new Value(Kind.DOUBLE, slot, counts[1]++, null);
        }
        Type type = value.getType();
        if (TypeInterpreter.isReference(type)) {
            if (type.equals(TypeInterpreter.NULL)) {
                return new Value(Kind.NULL, slot, -1, null);
            }
            return new Value(Kind.REF, slot, counts[0]++, castType(type, owner, hierarchy));
        }
        throw new RewriteException("the " + what + " live across an await has no spillable type ("
                + value + ")");
    }

    /** The class to cast a restored reference to: its own, or its nearest class the method may name. */
    private static String castType(Type type, String owner, TypeHierarchy hierarchy) {
        if (type.getSort() == Type.ARRAY) {
            Type element = type.getElementType();
            if (element.getSort() != Type.OBJECT
                    || hierarchy.isAccessible(element.getInternalName(), owner)) {
                return type.getInternalName();
            }
            return "[".repeat(type.getDimensions()) + "Ljava/lang/Object;";
        }
        String name = type.getInternalName();
        while (name != null && !hierarchy.isAccessible(name, owner)) {
            name = hierarchy.superClass(name);
        }
        return name == null ? "java/lang/Object" : name;
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode at = insn; at != null; at = at.getPrevious()) {
            if (at instanceof LineNumberNode) {
                return ((LineNumberNode) at).line;
            }
        }
        return -1;
    }

    static int loadOpcode(Kind kind) {
        return kind.type().getOpcode(Opcodes.ILOAD);
    }

    static int storeOpcode(Kind kind) {
        return kind.type().getOpcode(Opcodes.ISTORE);
    }
}
