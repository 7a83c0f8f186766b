package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass 4 (resume copy only): the prologue that continues a suspended invocation.
 *
 * <pre>
 *   frame = (AsyncFrame) arg0
 *   switch (frame.state) {
 *     case k:  restore the live locals of await k; push its stack values; goto RESUMED_k
 *     default: throw new IllegalStateException()
 *   }
 *   &lt;the method's body, never entered from the top&gt;
 * </pre>
 *
 * The prologue itself has no line: the line of each await starts again at {@code RESUMED_k}, after
 * the restores, so a debugger stepping into a resumption, or stopping at the await's line, stops
 * where the restored variables already hold their values (at the case's start they hold nothing
 * yet, and {@link LocalVariableRanges} would rightly show none).
 */
final class ResumeDispatch {
    private ResumeDispatch() {
    }

    static void emit(MethodNode copy, SpillPlan plan, LabelNode[] resumed) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        code.add(new VarInsnNode(Opcodes.ASTORE, plan.frameSlot));
        code.add(new VarInsnNode(Opcodes.ALOAD, plan.frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, RuntimeNames.FRAME, "state", "I"));
        LabelNode invalid = new LabelNode();
        LabelNode[] cases = new LabelNode[plan.sites.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new LabelNode();
        }
        code.add(new TableSwitchInsnNode(1, cases.length, invalid, cases));
        for (SpillPlan.Site site : plan.sites) {
            LabelNode start = cases[site.state - 1];
            code.add(start);
            if (site.line > 0) {
                LabelNode continued = resumed[site.state - 1];
                copy.instructions.insert(continued, new LineNumberNode(site.line, continued));
            }
            for (SpillPlan.Value value : site.locals) {
                SuspensionPoints.restore(code, value, plan.frameSlot);
                code.add(new VarInsnNode(SpillPlan.storeOpcode(value.kind), value.slot));
            }
            for (SpillPlan.Value value : site.stack) {
                SuspensionPoints.restore(code, value, plan.frameSlot);
            }
            code.add(new JumpInsnNode(Opcodes.GOTO, resumed[site.state - 1]));
        }
        code.add(invalid);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode("awaitj: resumed an async method in no suspension state"));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException",
                "<init>", "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        copy.instructions.insert(code);
    }
}
