package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites one async method: the driver that runs the passes in order.
 *
 * <ol>
 *   <li>{@link ScopeCloses}: a {@code TaskScope}'s close becomes an await of its end.</li>
 *   <li>{@link AwaitSites}: find the awaits.</li>
 *   <li>{@link MethodAnalysis}: types and liveness; {@link UninitializedRelocation} moves
 *       {@code new} past awaits in constructor arguments, then the method is analyzed again.</li>
 *   <li>{@link SpillPlan}: what each suspension saves, and where.</li>
 *   <li>Resume copy {@code name$async(AsyncFrame)}: {@link Completion} (first: it rewrites the
 *       method's own returns, not those the next passes add), {@link SuspensionPoints},
 *       {@link ResumeDispatch}.</li>
 *   <li>Entry copy (the method itself, in place): {@link Completion}, {@link ContextBoundary}
 *       (before the suspensions add their returns), {@link SuspensionPoints}.</li>
 *   <li>In both, {@link LocalVariableRanges} trims the local-variable table to where each slot
 *       holds its variable.</li>
 *   <li>Both are marked {@code @Rewritten}; {@link FrameComputation} gives them frames as the
 *       class is written.</li>
 * </ol>
 *
 * Line numbers are carried along unchanged, so stack traces and debuggers show the user's source
 * in both copies; the local-variable table too, trimmed so that it never describes a slot that
 * holds something else. With {@code debugLocals}, every suspension saves every local in scope,
 * so that the resume copy's table keeps them all.
 */
final class AsyncMethodRewriter {
    private AsyncMethodRewriter() {
    }

    /** The rewritten entry method and, if it can suspend, its resume copy; both still without frames. */
    static final class Result {
        final MethodNode entry;
        final MethodNode resume;

        Result(MethodNode entry, MethodNode resume) {
            this.entry = entry;
            this.resume = resume;
        }
    }

    static Result rewrite(ClassNode owner, MethodNode method, String resumeName,
            TypeHierarchy hierarchy, boolean debugLocals) throws RewriteException {
        MethodCopy.stripFrames(method);
        ScopeCloses.rewrite(method);
        List<MethodInsnNode> calls = AwaitSites.in(method);
        MethodAnalysis analysis = null;
        if (!calls.isEmpty()) {
            analysis = MethodAnalysis.of(owner.name, method, hierarchy);
            if (UninitializedRelocation.apply(method, analysis, calls)) {
                analysis = MethodAnalysis.of(owner.name, method, hierarchy);
            }
        }
        SpillPlan plan = SpillPlan.of(owner.name, method, analysis, calls, hierarchy, debugLocals);
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        Handle resumeHandle = new Handle(Opcodes.H_INVOKESTATIC, owner.name, resumeName,
                RuntimeNames.RESUME_DESC, isInterface);
        AnnotationNode marker = marker(method.name, owner.sourceFile, plan);

        MethodNode resume = null;
        if (!plan.sites.isEmpty()) {
            resume = new MethodNode(Opcodes.ASM9,
                    Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    resumeName, RuntimeNames.RESUME_DESC, null, null);
            Map<AbstractInsnNode, AbstractInsnNode> copies = MethodCopy.body(method, resume);
            Completion.emit(resume, Copy.RESUME, plan.frameSlot);
            LabelNode[] resumed = SuspensionPoints.emit(resume, plan, Copy.RESUME, resumeHandle,
                    call -> (MethodInsnNode) copies.get(call));
            ResumeDispatch.emit(resume, plan, resumed);
            LocalVariableRanges.trimResume(resume);
            resume.visibleAnnotations = new ArrayList<>(List.of(marker));
        }

        Completion.emit(method, Copy.ENTRY, plan.frameSlot);
        ContextBoundary.emit(method, plan);
        SuspensionPoints.emit(method, plan, Copy.ENTRY, resumeHandle, call -> call);
        LocalVariableRanges.trimEntry(method);
        List<AnnotationNode> annotations = method.visibleAnnotations == null
                ? new ArrayList<>() : new ArrayList<>(method.visibleAnnotations);
        annotations.add(marker);
        method.visibleAnnotations = annotations;

        return new Result(method, resume);
    }

    private static AnnotationNode marker(String name, String sourceFile, SpillPlan plan) {
        AnnotationNode marker = new AnnotationNode(RuntimeNames.REWRITTEN_ANNOTATION);
        marker.visit("method", name);
        marker.visit("file", sourceFile == null ? "" : sourceFile);
        marker.visit("awaitLines", plan.sites.stream().mapToInt(s -> s.line).toArray());
        return marker;
    }
}
