package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * A {@link BasicInterpreter} that keeps the class of every reference (the spill must cast restored
 * locals back to it) and marks objects created by {@code NEW} and not yet initialized (they cannot
 * be spilled; see {@link UninitializedRelocation}). Merges follow the JVM verifier, with the class
 * hierarchy taken from {@link TypeHierarchy}. It trusts javac's bytecode and verifies nothing.
 */
final class TypeInterpreter extends BasicInterpreter {
    static final Type NULL = Type.getObjectType("null");
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");

    private final TypeHierarchy hierarchy;
    /** One value per NEW instruction: the analyzer revisits instructions and must meet the same value. */
    private final java.util.Map<TypeInsnNode, Uninitialized> creations = new java.util.IdentityHashMap<>();

    TypeInterpreter(TypeHierarchy hierarchy) {
        super(Opcodes.ASM9);
        this.hierarchy = hierarchy;
    }

    /** A value made by {@code NEW} whose constructor has not run yet; equal only to itself. */
    static final class Uninitialized extends BasicValue {
        final TypeInsnNode creation;

        Uninitialized(Type type, TypeInsnNode creation) {
            super(type);
            this.creation = creation;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
            return new BasicValue(type);
        }
        return super.newValue(type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            return creations.computeIfAbsent((TypeInsnNode) insn,
                    creation -> new Uninitialized(Type.getObjectType(creation.desc), creation));
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type type = array.getType();
            if (type != null && type.getSort() == Type.ARRAY) {
                return newValue(Type.getType(type.getDescriptor().substring(1)));
            }
            return newValue(OBJECT);
        }
        return super.binaryOperation(insn, array, index);
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof Uninitialized || b instanceof Uninitialized) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        Type ta = a.getType();
        Type tb = b.getType();
        if (!isReference(ta) || !isReference(tb)) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (ta.equals(NULL)) {
            return b;
        }
        if (tb.equals(NULL)) {
            return a;
        }
        return newValue(commonSupertype(ta, tb));
    }

    private Type commonSupertype(Type a, Type b) {
        if (a.getSort() == Type.ARRAY && b.getSort() == Type.ARRAY) {
            if (a.getDimensions() == b.getDimensions()
                    && a.getElementType().getSort() == Type.OBJECT
                    && b.getElementType().getSort() == Type.OBJECT) {
                String element = hierarchy.commonSuperClass(
                        a.getElementType().getInternalName(), b.getElementType().getInternalName());
                return Type.getType("[".repeat(a.getDimensions()) + "L" + element + ";");
            }
            if (a.getDimensions() != b.getDimensions()
                    && a.getElementType().getSort() == Type.OBJECT
                    && b.getElementType().getSort() == Type.OBJECT) {
                int dims = Math.min(a.getDimensions(), b.getDimensions());
                return Type.getType("[".repeat(dims) + "Ljava/lang/Object;");
            }
            return OBJECT;
        }
        if (a.getSort() == Type.ARRAY || b.getSort() == Type.ARRAY) {
            return OBJECT;
        }
        return Type.getObjectType(hierarchy.commonSuperClass(a.getInternalName(), b.getInternalName()));
    }

    static boolean isReference(Type type) {
        return type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY);
    }
}
