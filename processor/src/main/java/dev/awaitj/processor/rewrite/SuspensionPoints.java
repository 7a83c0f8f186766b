package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Pass 3: replaces each {@code await(stage)} call by a suspension point. In place, so the code
 * stays inside the same try blocks and on the same source line:
 *
 * <pre>
 *   [POP]                                   // the Class argument of await(stage, X.class)
 *   ASTORE stage
 *   value = AsyncSupport.poll(stage)        // one read of the stage's result; throws its
 *   if (value == PENDING) {                 //   failure unwrapped; no allocation, no callback
 *       store the stack under the stage to temporaries
 *       frame = AsyncFrame.create(body, maxRefs, maxPrims, thread, saved)
 *                                                   // entry copy only; gives the caller back
 *                                                   // its carrier ({@link ContextBoundary})
 *       frame.refs[i] = ...; frame.prims[j] = ...                 // live locals and stack (the
 *                                                                 // resume copy skips values the
 *                                                                 // frame holds: UnchangedSpills)
 *       frame.refs[k] = null                  // resume copy: the slots this await does not use
 *       frame.suspend(state, stage)
 *       return frame;  /  return;                                 // entry / resume copy
 *     RESUMED_state:                                              // resume copy only
 *       value = frame.resumeValue()         // reached from {@link ResumeDispatch}
 *   }
 * </pre>
 */
final class SuspensionPoints {
    private SuspensionPoints() {
    }

    /**
     * Rewrites the awaits of {@code copy} (whose instructions line up with the analyzed method's)
     * and returns, for the resume copy, the label each state resumes at.
     */
    static LabelNode[] emit(MethodNode copy, SpillPlan plan, Copy which, Handle resumeMethod,
            java.util.function.Function<MethodInsnNode, MethodInsnNode> siteInCopy) {
        LabelNode[] resumed = new LabelNode[plan.sites.size()];
        for (SpillPlan.Site site : plan.sites) {
            MethodInsnNode call = siteInCopy.apply(site.call);
            InsnList code = new InsnList();
            LabelNode suspend = new LabelNode();
            LabelNode after = new LabelNode();
            if (AwaitSites.isCheckedForm(call)) {
                code.add(new InsnNode(Opcodes.POP));
            }
            code.add(new VarInsnNode(Opcodes.ASTORE, plan.stageSlot));
            code.add(new VarInsnNode(Opcodes.ALOAD, plan.stageSlot));
            // one read of the stage's result: its value, or PENDING if it is not complete
            code.add(Emit.invokeStatic(RuntimeNames.SUPPORT, "poll",
                    "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;"));
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new FieldInsnNode(Opcodes.GETSTATIC, RuntimeNames.SUPPORT, "PENDING", "Ljava/lang/Object;"));
            LabelNode pending = new LabelNode();
            code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, pending));
            code.add(new JumpInsnNode(Opcodes.GOTO, after));

            code.add(pending);
            code.add(new InsnNode(Opcodes.POP));
            code.add(suspend);
            for (int i = site.stack.size() - 1; i >= 0; i--) {
                SpillPlan.Value value = site.stack.get(i);
                if (value.kind == SpillPlan.Kind.NULL) {
                    code.add(new InsnNode(Opcodes.POP));
                } else {
                    code.add(new VarInsnNode(SpillPlan.storeOpcode(value.kind), value.slot));
                }
            }
            if (which == Copy.ENTRY) {
                code.add(new InvokeDynamicInsnNode("resume", "()L" + RuntimeNames.BODY + ";",
                        new Handle(Opcodes.H_INVOKESTATIC, RuntimeNames.BOOTSTRAP, "body",
                                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;)"
                                        + "Ljava/lang/invoke/CallSite;", false),
                        resumeMethod));
                code.add(Emit.intConst(plan.maxRefs));
                code.add(Emit.intConst(plan.maxPrims));
                code.add(new VarInsnNode(Opcodes.ALOAD, plan.threadSlot));
                code.add(new VarInsnNode(Opcodes.ALOAD, plan.savedCarrierSlot));
                code.add(Emit.invokeStatic(RuntimeNames.FRAME, "create", "(L" + RuntimeNames.BODY
                        + ";IIL" + RuntimeNames.THREAD_STATE + ";Ljava/lang/Object;)"
                        + RuntimeNames.FRAME_DESC));
                code.add(new VarInsnNode(Opcodes.ASTORE, plan.frameSlot));
            }
            for (SpillPlan.Value value : site.locals) {
                if (which == Copy.RESUME && plan.keptInFrame(site, value)) {
                    continue; // restored from the same slot and not assigned since
                }
                spill(code, value, plan.frameSlot);
            }
            for (SpillPlan.Value value : site.stack) {
                spill(code, value, plan.frameSlot);
            }
            if (which == Copy.RESUME) {
                clearUnused(code, site.refs, plan.maxRefs, plan.frameSlot);
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, plan.frameSlot));
            code.add(Emit.intConst(site.state));
            code.add(new VarInsnNode(Opcodes.ALOAD, plan.stageSlot));
            code.add(Emit.invokeFrame("suspend", "(ILjava/util/concurrent/CompletionStage;)V"));
            if (which == Copy.ENTRY) {
                code.add(new VarInsnNode(Opcodes.ALOAD, plan.frameSlot));
                code.add(new InsnNode(Opcodes.ARETURN));
            } else {
                code.add(new InsnNode(Opcodes.RETURN));
                LabelNode resumeAt = new LabelNode();
                resumed[site.state - 1] = resumeAt;
                code.add(resumeAt);
                code.add(new VarInsnNode(Opcodes.ALOAD, plan.frameSlot));
                code.add(Emit.invokeFrame("resumeValue", "()Ljava/lang/Object;"));
            }
            code.add(after);
            copy.instructions.insert(call, code);
            copy.instructions.remove(call);
        }
        return resumed;
    }

    private static void spill(InsnList code, SpillPlan.Value value, int frameSlot) {
        switch (value.kind) {
            case NULL:
                return;
            case REF:
                code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                code.add(Emit.frameRefs());
                code.add(Emit.intConst(value.index));
                code.add(new VarInsnNode(Opcodes.ALOAD, value.slot));
                code.add(new InsnNode(Opcodes.AASTORE));
                return;
            default:
                code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                code.add(Emit.framePrims());
                code.add(Emit.intConst(value.index));
                code.add(new VarInsnNode(SpillPlan.loadOpcode(value.kind), value.slot));
                toRawLong(code, value.kind);
                code.add(new InsnNode(Opcodes.LASTORE));
        }
    }

    /**
     * Clears the reference slots this await does not use, so that a waiting frame keeps only the
     * values live at its await. (The frame keeps its slots across a resumption instead of clearing
     * them all each time; an entry copy suspends once, on a fresh frame, and needs none of this.)
     */
    private static void clearUnused(InsnList code, int used, int maxRefs, int frameSlot) {
        for (int index = used; index < maxRefs; index++) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            code.add(Emit.frameRefs());
            code.add(Emit.intConst(index));
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            code.add(new InsnNode(Opcodes.AASTORE));
        }
    }

    private static void toRawLong(InsnList code, SpillPlan.Kind kind) {
        switch (kind) {
            case INT:
                code.add(new InsnNode(Opcodes.I2L));
                break;
            case FLOAT:
                code.add(Emit.invokeStatic("java/lang/Float", "floatToRawIntBits", "(F)I"));
                code.add(new InsnNode(Opcodes.I2L));
                break;
            case DOUBLE:
                code.add(Emit.invokeStatic("java/lang/Double", "doubleToRawLongBits", "(D)J"));
                break;
            default:
                break;
        }
    }

    /** Pushes a spilled value back, converted from its raw bits or cast to its class. */
    static void restore(InsnList code, SpillPlan.Value value, int frameSlot) {
        switch (value.kind) {
            case NULL:
                code.add(new InsnNode(Opcodes.ACONST_NULL));
                return;
            case REF:
                code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                code.add(Emit.frameRefs());
                code.add(Emit.intConst(value.index));
                code.add(new InsnNode(Opcodes.AALOAD));
                if (!value.cast.equals("java/lang/Object")) {
                    code.add(new org.objectweb.asm.tree.TypeInsnNode(Opcodes.CHECKCAST, value.cast));
                }
                return;
            default:
                code.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                code.add(Emit.framePrims());
                code.add(Emit.intConst(value.index));
                code.add(new InsnNode(Opcodes.LALOAD));
                switch (value.kind) {
                    case INT:
                        code.add(new InsnNode(Opcodes.L2I));
                        break;
                    case FLOAT:
                        code.add(new InsnNode(Opcodes.L2I));
                        code.add(Emit.invokeStatic("java/lang/Float", "intBitsToFloat", "(I)F"));
                        break;
                    case DOUBLE:
                        code.add(Emit.invokeStatic("java/lang/Double", "longBitsToDouble", "(J)D"));
                        break;
                    default:
                        break;
                }
        }
    }

}
