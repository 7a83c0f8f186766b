package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Pass 1: objects allocated but not yet constructed cannot be spilled (the verifier forbids
 * storing them anywhere), so a {@code new} whose constructor arguments contain an await is
 * reordered to allocate after the arguments are evaluated.
 *
 * <pre>
 * before:  NEW Foo; DUP; &lt;args, with await&gt;; INVOKESPECIAL Foo.&lt;init&gt;(args)
 * after:   &lt;args, with await&gt;; store args to temps; NEW Foo; DUP; load temps; INVOKESPECIAL
 * </pre>
 *
 * Where the new object is thrown away ({@code new Foo(await(x));}, or a local ECJ optimizes out
 * because it is never read), ECJ emits no {@code DUP}: {@code NEW Foo; <args>; INVOKESPECIAL};
 * that shape moves the same way, without the {@code DUP}.
 *
 * The arguments are still evaluated left to right before the constructor runs; only the class
 * initialization of {@code Foo}, if it has not happened yet, moves after the arguments.
 */
final class UninitializedRelocation {
    private UninitializedRelocation() {
    }

    /** Returns whether the method changed (and must be analyzed again). */
    static boolean apply(MethodNode method, MethodAnalysis analysis, List<MethodInsnNode> sites)
            throws RewriteException {
        Map<TypeInsnNode, Boolean> creations = new IdentityHashMap<>();
        for (MethodInsnNode site : sites) {
            Frame<BasicValue> frame = analysis.frameAt(method.instructions.indexOf(site));
            if (frame == null) {
                continue;
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (frame.getStack(i) instanceof TypeInterpreter.Uninitialized) {
                    creations.put(((TypeInterpreter.Uninitialized) frame.getStack(i)).creation, true);
                }
            }
            for (int i = 0; i < frame.getLocals(); i++) {
                if (frame.getLocal(i) instanceof TypeInterpreter.Uninitialized) {
                    throw new RewriteException("an object under construction is stored in a local"
                            + " variable across an await (not javac's bytecode shape)");
                }
            }
        }
        if (creations.isEmpty()) {
            return false;
        }
        List<MethodInsnNode> constructorCalls = new ArrayList<>();
        List<TypeInsnNode> constructed = new ArrayList<>();
        List<Boolean> duplicated = new ArrayList<>();
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !((MethodInsnNode) insn).name.equals("<init>")) {
                continue;
            }
            MethodInsnNode init = (MethodInsnNode) insn;
            Frame<BasicValue> frame = analysis.frameAt(method.instructions.indexOf(init));
            if (frame == null) {
                continue;
            }
            int receiver = frame.getStackSize() - 1 - Type.getArgumentTypes(init.desc).length;
            BasicValue value = frame.getStack(receiver);
            if (value instanceof TypeInterpreter.Uninitialized
                    && creations.containsKey(((TypeInterpreter.Uninitialized) value).creation)) {
                TypeInsnNode creation = ((TypeInterpreter.Uninitialized) value).creation;
                boolean dup = receiver > 0 && frame.getStack(receiver - 1) == value;
                if (!dup && Handlers.opcode(creation.getNext()) == Opcodes.DUP) {
                    throw new RewriteException("a constructor call whose object is not duplicated"
                            + " right after NEW (neither javac's nor ECJ's bytecode shape)");
                }
                constructorCalls.add(init);
                constructed.add(creation);
                duplicated.add(dup);
            }
        }
        int nextTemp = method.maxLocals;
        for (int c = 0; c < constructorCalls.size(); c++) {
            MethodInsnNode init = constructorCalls.get(c);
            TypeInsnNode creation = constructed.get(c);
            Type[] args = Type.getArgumentTypes(init.desc);
            int[] temps = new int[args.length];
            int slot = nextTemp;
            for (int i = 0; i < args.length; i++) {
                temps[i] = slot;
                slot += args[i].getSize();
            }
            method.maxLocals = Math.max(method.maxLocals, slot);
            InsnList before = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), temps[i]));
            }
            before.add(new TypeInsnNode(Opcodes.NEW, creation.desc));
            if (duplicated.get(c)) {
                before.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), temps[i]));
            }
            method.instructions.insertBefore(init, before);
        }
        for (TypeInsnNode creation : creations.keySet()) {
            int c = constructed.indexOf(creation);
            if (c < 0) {
                throw new RewriteException("no constructor call found for NEW "
                        + creation.desc.replace('/', '.'));
            }
            AbstractInsnNode dup = creation.getNext();
            if (duplicated.get(c)) {
                if (dup == null || dup.getOpcode() != Opcodes.DUP) {
                    throw new RewriteException("NEW " + creation.desc.replace('/', '.')
                            + " is not followed by DUP (neither javac's nor ECJ's bytecode shape)");
                }
                method.instructions.remove(dup);
            }
            method.instructions.remove(creation);
        }
        return true;
    }
}
