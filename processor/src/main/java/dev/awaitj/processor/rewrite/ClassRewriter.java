package dev.awaitj.processor.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
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

        MethodProblem(String method, String reason, String name, String descriptor) {
            this.method = method;
            this.reason = reason;
            this.name = name;
            this.descriptor = descriptor;
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
        /**
         * Whether the class has methods an earlier rewrite marked {@code @Rewritten} (the
         * processor's, or a class-file rewrite's): those are left as they are.
         */
        public final boolean alreadyRewritten;

        Result(byte[] bytes, List<String> rewritten, List<MethodProblem> problems) {
            this(bytes, rewritten, problems, false);
        }

        Result(byte[] bytes, List<String> rewritten, List<MethodProblem> problems, boolean alreadyRewritten) {
            this.bytes = bytes;
            this.rewritten = rewritten;
            this.problems = problems;
            this.alreadyRewritten = alreadyRewritten;
        }
    }

    public static Result rewrite(byte[] classFile, TypeHierarchy hierarchy) {
        return rewrite(classFile, hierarchy, false);
    }

    /**
     * Rewrites the class; with {@code debugLocals} every suspension saves every local in scope, not
     * only the live ones, so that a debugger shows them all after a resumption
     * (the processor option {@code -Aawaitj.debugLocals=true}).
     */
    public static Result rewrite(byte[] classFile, TypeHierarchy hierarchy, boolean debugLocals) {
        Survey survey = new Survey();
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
            reader.accept(survey, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException unreadable) {
            return unreadable(survey.name, unreadable);
        }
        if (!survey.anyToRewrite) {
            return new Result(null, List.of(), List.of(), survey.anyMarked);
        }
        ClassWriter writer = FrameComputation.writer(reader, hierarchy);
        Rewriting rewriting = new Rewriting(writer, survey, hierarchy, debugLocals);
        try {
            reader.accept(rewriting, 0);
        } catch (RuntimeException unreadable) {
            return unreadable(survey.name, unreadable);
        }
        List<MethodProblem> problems = rewriting.problems;
        if (!problems.isEmpty() || rewriting.rewritten.isEmpty()) {
            return new Result(null, rewriting.rewritten, problems);
        }
        try {
            return new Result(writer.toByteArray(), rewriting.rewritten, problems);
        } catch (MethodTooLargeException tooLarge) {
            MethodNode method = rewriting.sourceOf(tooLarge.getMethodName(), tooLarge.getDescriptor());
            if (method != null) {
                boolean resumeCopy = !method.name.equals(tooLarge.getMethodName());
                return new Result(null, rewriting.rewritten, List.of(new MethodProblem(
                        describe(survey.name, method.name, method.desc),
                        FrameComputation.tooLarge(tooLarge, resumeCopy), method.name, method.desc)));
            }
            return classTooLarge(survey.name, rewriting.rewritten, tooLarge);
        } catch (RuntimeException tooLarge) {
            return classTooLarge(survey.name, rewriting.rewritten, tooLarge);
        }
    }

    private static Result unreadable(String name, RuntimeException unreadable) {
        String shown = name == null ? "this class" : name.replace('/', '.');
        return new Result(null, List.of(), List.of(new MethodProblem(shown,
                "javac wrote a class file that cannot be read (" + unreadable
                        + "); this is a javac bug: simplify the code javac miscompiled", null, null)));
    }

    private static Result classTooLarge(String name, List<String> rewritten, RuntimeException tooLarge) {
        return new Result(null, rewritten, List.of(new MethodProblem(name.replace('/', '.'),
                "the rewritten class cannot be written (" + tooLarge + "); split its @Async methods"
                        + " or move some into another class", null, null)));
    }

    /**
     * First, cheap pass over the class file: its methods' names, and for each what
     * {@link #whyNotAsync} says, from annotations and {@code await} calls alone (no trees are
     * built, no debug information or frames are decoded).
     */
    private static final class Survey extends ClassVisitor {
        String name;
        final Set<String> methodNames = new HashSet<>();
        /** For each method in class-file order: null (leave it), "" (rewrite it) or the problem. */
        final List<String> verdicts = new ArrayList<>();
        boolean anyToRewrite;
        boolean anyMarked;

        Survey() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            this.name = name;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            methodNames.add(name);
            int index = verdicts.size();
            verdicts.add(null);
            return new MethodVisitor(Opcodes.ASM9) {
                boolean annotated;
                boolean marked;
                boolean awaits;

                @Override
                public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                    annotated |= desc.equals(RuntimeNames.ASYNC_ANNOTATION);
                    marked |= visible && desc.equals(RuntimeNames.REWRITTEN_ANNOTATION);
                    return null;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String desc,
                        boolean isInterface) {
                    awaits |= opcode == Opcodes.INVOKESTATIC && RuntimeNames.isAwait(owner, name, desc);
                }

                @Override
                public void visitEnd() {
                    String verdict = marked ? null : whyNotAsync(access, name, descriptor, annotated, awaits);
                    verdicts.set(index, verdict);
                    anyToRewrite |= verdict != null;
                    anyMarked |= marked;
                }
            };
        }
    }

    /**
     * Second pass: the class is copied into the writer; each method to rewrite is read into a tree,
     * rewritten and written in its place, and resume copies are added at the end. Problems are
     * collected for every method, as the user should see them all at once.
     */
    private static final class Rewriting extends ClassVisitor {
        private final Survey survey;
        private final TypeHierarchy hierarchy;
        private final boolean debugLocals;
        /** The class's header, as the passes read it; its method list stays empty. */
        private final ClassNode owner = new ClassNode();
        private final List<MethodNode> resumes = new ArrayList<>();
        private final Map<String, MethodNode> sources = new HashMap<>();
        final List<String> rewritten = new ArrayList<>();
        final List<MethodProblem> problems = new ArrayList<>();
        private int index;

        Rewriting(ClassWriter writer, Survey survey, TypeHierarchy hierarchy, boolean debugLocals) {
            super(Opcodes.ASM9, writer);
            this.survey = survey;
            this.hierarchy = hierarchy;
            this.debugLocals = debugLocals;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            owner.visit(version, access, name, signature, superName, interfaces);
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String source, String debug) {
            owner.sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            String verdict = survey.verdicts.get(index++);
            if (verdict != null && !verdict.isEmpty()) {
                problems.add(new MethodProblem(describe(owner.name, name, descriptor), verdict, name, descriptor));
            }
            if (verdict == null || !verdict.isEmpty()) {
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
                @Override
                public void visitEnd() {
                    rewrite(this);
                }
            };
        }

        private void rewrite(MethodNode method) {
            String shown = describe(owner.name, method.name, method.desc);
            String resumeName = method.name + "$async";
            for (int n = 2; survey.methodNames.contains(resumeName); n++) {
                resumeName = method.name + "$async" + n;
            }
            try {
                AsyncMethodRewriter.Result result =
                        AsyncMethodRewriter.rewrite(owner, method, resumeName, hierarchy, debugLocals);
                FrameComputation.write(result.entry, cv);
                sources.put(method.name + method.desc, method); // the rewrite keeps its name and descriptor
                if (result.resume != null) {
                    survey.methodNames.add(resumeName);
                    resumes.add(result.resume);
                    sources.put(resumeName + result.resume.desc, method);
                }
                rewritten.add(shown);
            } catch (RewriteException e) {
                problems.add(new MethodProblem(shown, e.getMessage(), method.name, method.desc));
            } catch (RuntimeException e) {
                problems.add(new MethodProblem(shown, "internal error in the awaitj rewrite: " + e,
                        method.name, method.desc));
            }
        }

        @Override
        public void visitEnd() {
            for (MethodNode resume : resumes) {
                try {
                    FrameComputation.write(resume, cv);
                } catch (RewriteException e) {
                    MethodNode source = sourceOf(resume.name, resume.desc);
                    String shown = describe(owner.name, source.name, source.desc);
                    problems.add(new MethodProblem(shown, e.getMessage(), source.name, source.desc));
                    rewritten.remove(shown);
                }
            }
            super.visitEnd();
        }

        /** The user's method a written method (the rewritten method itself or its resume copy) comes from. */
        MethodNode sourceOf(String name, String descriptor) {
            return sources.get(name + descriptor);
        }
    }

    /**
     * Null if the method is not to be rewritten; empty if it is; otherwise why it cannot be. The
     * source checks report these cases with positions first, so here they are a safety net.
     */
    private static String whyNotAsync(int access, String name, String desc, boolean annotated,
            boolean awaits) {
        if ((access & Opcodes.ACC_BRIDGE) != 0) {
            return null;
        }
        if (annotated) {
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return "an @Async method needs a body";
            }
            if (!RuntimeNames.returnsStage(desc)) {
                return "an @Async method must return CompletableFuture or CompletionStage";
            }
            return "";
        }
        if (!awaits) {
            return null;
        }
        boolean lambda = (access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith("lambda$");
        if (lambda) {
            return RuntimeNames.returnsStage(desc) ? ""
                    : "await inside a lambda that does not return a CompletionStage";
        }
        return "await() outside an @Async method";
    }

    private static String describe(String owner, String name, String desc) {
        StringBuilder shown = new StringBuilder();
        shown.append(owner.replace('/', '.')).append('.').append(name).append('(');
        Type[] args = Type.getArgumentTypes(desc);
        for (int i = 0; i < args.length; i++) {
            shown.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return shown.append(')').toString();
    }
}
