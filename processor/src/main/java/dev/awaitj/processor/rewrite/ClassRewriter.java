package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites the async methods of one class file: methods annotated {@code @Async}, and lambda
 * bodies that await (async lambdas). Methods already marked {@code @Rewritten} are left alone, so
 * rewriting a rewritten class changes nothing.
 */
public final class ClassRewriter {
    private ClassRewriter() {
    }

    /** A rewrite failure in one method; {@link #method} names it as the user wrote it. */
    public static final class MethodProblem {
        public final String method;
        public final String reason;
        /** The method's name and descriptor in the class file, to find its source. */
        public final String name;
        public final String descriptor;

        MethodProblem(String method, String reason, MethodNode node) {
            this.method = method;
            this.reason = reason;
            this.name = node == null ? null : node.name;
            this.descriptor = node == null ? null : node.desc;
        }

        @Override
        public String toString() {
            return method + ": " + reason;
        }
    }

    /** The outcome: new class bytes (or null if nothing was async), or the problems that prevent it. */
    public static final class Result {
        public final byte[] bytes;
        public final List<String> rewritten;
        public final List<MethodProblem> problems;

        Result(byte[] bytes, List<String> rewritten, List<MethodProblem> problems) {
            this.bytes = bytes;
            this.rewritten = rewritten;
            this.problems = problems;
        }
    }

    public static Result rewrite(byte[] classFile, TypeHierarchy hierarchy) {
        ClassNode owner = new ClassNode();
        try {
            new ClassReader(classFile).accept(owner, 0);
        } catch (RuntimeException unreadable) {
            String shown = owner.name == null ? "this class" : owner.name.replace('/', '.');
            return new Result(null, List.of(), List.of(new MethodProblem(shown,
                    "javac wrote a class file that cannot be read (" + unreadable
                            + "); this is a javac bug: simplify the code javac miscompiled", null)));
        }
        List<String> rewritten = new ArrayList<>();
        List<MethodProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (MethodNode method : owner.methods) {
            names.add(method.name);
        }
        List<MethodNode> added = new ArrayList<>();
        for (int i = 0; i < owner.methods.size(); i++) {
            MethodNode method = owner.methods.get(i);
            String shown = describe(owner, method);
            String reason = whyNotAsync(method);
            if (reason == null) {
                continue;
            }
            if (!reason.isEmpty()) {
                problems.add(new MethodProblem(shown, reason, method));
                continue;
            }
            String resumeName = method.name + "$async";
            for (int n = 2; names.contains(resumeName); n++) {
                resumeName = method.name + "$async" + n;
            }
            try {
                AsyncMethodRewriter.Result result =
                        AsyncMethodRewriter.rewrite(owner, method, resumeName, hierarchy);
                owner.methods.set(i, result.entry);
                if (result.resume != null) {
                    names.add(resumeName);
                    added.add(result.resume);
                }
                rewritten.add(shown);
            } catch (RewriteException e) {
                problems.add(new MethodProblem(shown, e.getMessage(), method));
            } catch (RuntimeException e) {
                problems.add(new MethodProblem(shown, "internal error in the awaitj rewrite: " + e, method));
            }
        }
        if (!problems.isEmpty() || rewritten.isEmpty()) {
            return new Result(null, rewritten, problems);
        }
        owner.methods.addAll(added);
        ClassWriter writer = new ClassWriter(0);
        try {
            owner.accept(writer);
            return new Result(writer.toByteArray(), rewritten, problems);
        } catch (RuntimeException tooLarge) {
            return new Result(null, rewritten, List.of(new MethodProblem(owner.name.replace('/', '.'),
                    "the rewritten class cannot be written (" + tooLarge + "); split its @Async methods"
                            + " or move some into another class", null)));
        }
    }

    /**
     * Null if the method is not to be rewritten; empty if it is; otherwise why it cannot be. The
     * source checks report these cases with positions first, so here they are a safety net.
     */
    private static String whyNotAsync(MethodNode method) {
        if (hasAnnotation(method.visibleAnnotations, RuntimeNames.REWRITTEN_ANNOTATION)
                || (method.access & Opcodes.ACC_BRIDGE) != 0) {
            return null;
        }
        boolean annotated = hasAnnotation(method.invisibleAnnotations, RuntimeNames.ASYNC_ANNOTATION)
                || hasAnnotation(method.visibleAnnotations, RuntimeNames.ASYNC_ANNOTATION);
        boolean awaits = containsAwait(method);
        if (annotated) {
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return "an @Async method needs a body";
            }
            if (!RuntimeNames.returnsStage(method.desc)) {
                return "an @Async method must return CompletableFuture or CompletionStage";
            }
            return "";
        }
        if (!awaits) {
            return null;
        }
        boolean lambda = (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
        if (lambda) {
            return RuntimeNames.returnsStage(method.desc) ? ""
                    : "await inside a lambda that does not return a CompletionStage";
        }
        return "await() outside an @Async method";
    }

    private static boolean containsAwait(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (AwaitSites.isAwait(insn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAnnotation(List<AnnotationNode> annotations, String desc) {
        if (annotations != null) {
            for (AnnotationNode annotation : annotations) {
                if (annotation.desc.equals(desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(ClassNode owner, MethodNode method) {
        StringBuilder shown = new StringBuilder();
        shown.append(owner.name.replace('/', '.')).append('.').append(method.name).append('(');
        Type[] args = Type.getArgumentTypes(method.desc);
        for (int i = 0; i < args.length; i++) {
            shown.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return shown.append(')').toString();
    }
}
