package dev.awaitj.processor.classfile;

import dev.awaitj.processor.check.Diagnostic;
import dev.awaitj.processor.rewrite.Handlers;
import dev.awaitj.processor.rewrite.RuntimeNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The processor's source checks, made on a class file: what javac's trees tell the processor,
 * the bytecode of either compiler tells here, and each misuse is reported with the processor's
 * tag and text at the line the line table gives.
 *
 * <ul>
 *   <li>an {@code await} call in a lambda body ({@code lambda$…}, javac's and ECJ's naming alike)
 *       whose functional method does not return a stage; in a method neither {@code @Async} nor
 *       such a lambda; in a local or anonymous class inside async code (its {@code
 *       EnclosingMethod} attribute names that code); inside a {@code synchronized} method, or
 *       covered by the monitor-releasing handler of a {@code synchronized} block;</li>
 *   <li>{@code Await::await} as a method reference (an {@code invokedynamic} whose handle is it);</li>
 *   <li>{@code @Async} (CLASS retention, so in the class file) on a method without code or not
 *       returning a stage — reported at the method's first line, as class files keep no
 *       declaration lines (none for a method without code);</li>
 *   <li>an {@code emit} whose stage is thrown away.</li>
 * </ul>
 *
 * The one source check not made here is the {@code DiscardedAsyncResult} warning: the
 * {@code @SuppressWarnings} that silences it is not kept in class files.
 */
final class BytecodeChecks {
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private final ClassPath classPath;

    BytecodeChecks(ClassPath classPath) {
        this.classPath = classPath;
    }

    /** The problems of one class, read with its code and debug information. */
    List<Problem> check(ClassNode type) {
        Context context = new Context(type);
        for (MethodNode method : type.methods) {
            if (isMarked(method) || (method.access & Opcodes.ACC_BRIDGE) != 0) {
                continue;
            }
            if (isAsync(method)) {
                checkDeclaration(context, method);
            }
            for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    if (call.getOpcode() == Opcodes.INVOKESTATIC && RuntimeNames.isAwait(call.owner, call.name, call.desc)) {
                        checkAwait(context, method, call);
                    } else if (isDiscardedEmit(call)) {
                        context.report(Diagnostic.EMIT_NOT_AWAITED, lineOf(call), receiver(type, method, call));
                    }
                } else if (insn instanceof InvokeDynamicInsnNode && referencesAwait((InvokeDynamicInsnNode) insn)) {
                    context.report(Diagnostic.AWAIT_METHOD_REFERENCE, lineOf(insn));
                }
            }
        }
        return context.problems;
    }

    /** The class being checked, its lambdas' functional return types, and what was found. */
    private final class Context {
        final ClassNode type;
        final String sourcePath;
        /** Lambda body name + descriptor → the return type of the functional method it implements. */
        final Map<String, Type> lambdaReturns = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();

        Context(ClassNode type) {
            this.type = type;
            this.sourcePath = sourcePath(type);
            for (MethodNode method : type.methods) {
                for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                    if (insn instanceof InvokeDynamicInsnNode) {
                        InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                        if (indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) && indy.bsmArgs.length >= 3
                                && indy.bsmArgs[1] instanceof Handle && indy.bsmArgs[2] instanceof Type) {
                            Handle body = (Handle) indy.bsmArgs[1];
                            if (body.getOwner().equals(type.name)) {
                                lambdaReturns.put(body.getName() + body.getDesc(),
                                        ((Type) indy.bsmArgs[2]).getReturnType());
                            }
                        }
                    }
                }
            }
        }

        void report(Diagnostic diagnostic, int line, Object... args) {
            problems.add(new Problem(diagnostic.kind(), sourcePath, line, diagnostic.message(args)));
        }

        /** What a lambda body's functional method returns, as the source checks describe it. */
        String lambdaReturn(MethodNode lambda) {
            Type returned = lambdaReturns.getOrDefault(lambda.name + lambda.desc, Type.getReturnType(lambda.desc));
            return returned.getClassName();
        }
    }

    /** The source file from its package and SourceFile attribute: {@code com/example/Pages.java}. */
    static String sourcePath(ClassNode type) {
        int slash = type.name.lastIndexOf('/');
        String file = type.sourceFile;
        if (file == null) {
            String top = simpleName(type.name);
            file = (top.indexOf('$') > 0 ? top.substring(0, top.indexOf('$')) : top) + ".java";
        }
        return slash < 0 ? file : type.name.substring(0, slash + 1) + file;
    }

    private void checkDeclaration(Context context, MethodNode method) {
        String name = describe(context.type, method);
        if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            context.report(Diagnostic.ASYNC_WITHOUT_BODY, 0, name);
        } else if (!RuntimeNames.returnsStage(method.desc)) {
            context.report(Diagnostic.ASYNC_RETURN_TYPE, firstLine(method), name,
                    Type.getReturnType(method.desc).getClassName());
        }
    }

    private void checkAwait(Context context, MethodNode method, MethodInsnNode call) {
        int line = lineOf(call);
        String timeout = timeoutAwaitedAsChecked(call);
        if (timeout != null) {
            context.report(Diagnostic.TIMEOUT_IS_UNCHECKED, line, timeout, timeout);
        }
        boolean lambda = isLambda(method);
        if (isAsync(method) || lambda && RuntimeNames.returnsStage(method.desc)) {
            if (Handlers.insideSynchronized(method, call)) {
                context.report(Diagnostic.AWAIT_IN_SYNCHRONIZED, line, "a synchronized block");
            } else if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                context.report(Diagnostic.AWAIT_IN_SYNCHRONIZED, line,
                        "synchronized method " + describe(context.type, method));
            }
        } else if (lambda) {
            context.report(Diagnostic.AWAIT_IN_LAMBDA, line, context.lambdaReturn(method));
        } else {
            String around = asyncCodeAround(context.type);
            if (around != null) {
                context.report(Diagnostic.AWAIT_IN_LOCAL_CLASS, line, around);
            } else {
                context.report(Diagnostic.AWAIT_OUTSIDE_ASYNC, line, method.name.equals("<clinit>")
                        ? "this initializer" : describe(context.type, method));
            }
        }
    }

    /**
     * {@code await(Time.withTimeout(...), TimeoutException.class)} as either compiler emits it (the
     * timeout's call, the class literal, the two-argument await): the {@code Owner.withTimeout} it
     * names, or {@code null}. As the source check, only a direct call as the argument.
     */
    private static String timeoutAwaitedAsChecked(MethodInsnNode await) {
        if (!await.desc.startsWith("(Ljava/util/concurrent/CompletionStage;Ljava/lang/Class;)")) {
            return null;
        }
        AbstractInsnNode literal = previousReal(await);
        AbstractInsnNode timed = literal == null ? null : previousReal(literal);
        if (!(literal instanceof LdcInsnNode) || !(((LdcInsnNode) literal).cst instanceof Type)
                || !((Type) ((LdcInsnNode) literal).cst).getInternalName().equals("java/util/concurrent/TimeoutException")
                || !(timed instanceof MethodInsnNode)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) timed;
        if (!call.name.equals("withTimeout") || !call.owner.startsWith("dev/awaitj/")) {
            return null;
        }
        return call.owner.substring(call.owner.lastIndexOf('/') + 1) + ".withTimeout";
    }

    /** The instruction before {@code insn}, skipping labels, line numbers and frames. */
    private static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode previous = insn.getPrevious();
        while (previous != null && previous.getOpcode() < 0) {
            previous = previous.getPrevious();
        }
        return previous;
    }

    /**
     * For a local or anonymous class, the async code it is declared in ("@Async method 'A.m'" or
     * "async lambda"), looking outwards through the classes around it; null if there is none.
     */
    private String asyncCodeAround(ClassNode type) {
        ClassNode current = type;
        for (int depth = 0; depth < 32 && current != null; depth++) {
            String outer = current.outerClass;
            if (outer == null) {
                outer = memberOuter(current);
            }
            if (outer == null) {
                return null;
            }
            ClassNode outerNode = load(outer);
            if (outerNode == null) {
                return null;
            }
            if (current.outerMethod != null) {
                for (MethodNode method : outerNode.methods) {
                    if (method.name.equals(current.outerMethod) && method.desc.equals(current.outerMethodDesc)) {
                        if (isAsync(method)) {
                            return "@Async method " + describe(outerNode, method);
                        }
                        if (isLambda(method) && RuntimeNames.returnsStage(method.desc)) {
                            return "async lambda";
                        }
                    }
                }
            }
            current = outerNode;
        }
        return null;
    }

    /** The class a member class is declared in, from its InnerClasses entry for itself. */
    private static String memberOuter(ClassNode type) {
        for (InnerClassNode inner : type.innerClasses) {
            if (inner.name.equals(type.name)) {
                return inner.outerName;
            }
        }
        return null;
    }

    private ClassNode load(String internalName) {
        Optional<byte[]> bytes = classPath.read(internalName);
        if (bytes.isEmpty()) {
            return null;
        }
        ClassNode node = new ClassNode();
        new ClassReader(bytes.get()).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return node;
    }

    /**
     * {@code emit(value)} on an {@code Emitter} whose returned stage is thrown away: popped (a
     * statement), or left on the stack by a void return (ECJ's expression lambda for a void
     * functional method, {@code v -> out.emit(v)}; javac pops there too).
     */
    private static boolean isDiscardedEmit(MethodInsnNode call) {
        if (!call.owner.equals(RuntimeNames.EMITTER) || !call.name.equals("emit")
                || Type.getArgumentTypes(call.desc).length != 1) {
            return false;
        }
        AbstractInsnNode next = Handlers.real(call.getNext());
        return next != null && (next.getOpcode() == Opcodes.POP || next.getOpcode() == Opcodes.RETURN);
    }

    /** The local variable the emitter came from, by its debug name; "emitter" if unknown. */
    private static String receiver(ClassNode type, MethodNode method, MethodInsnNode call) {
        try {
            Frame<SourceValue>[] frames = new Analyzer<>(new SourceInterpreter()).analyze(type.name, method);
            Frame<SourceValue> frame = frames[method.instructions.indexOf(call)];
            SourceValue value = frame.getStack(frame.getStackSize() - 2);
            if (value.insns.size() == 1 && value.insns.iterator().next() instanceof VarInsnNode) {
                VarInsnNode load = (VarInsnNode) value.insns.iterator().next();
                int at = method.instructions.indexOf(load);
                if (method.localVariables != null) {
                    for (LocalVariableNode local : method.localVariables) {
                        if (local.index == load.var && method.instructions.indexOf(local.start) <= at
                                && at < method.instructions.indexOf(local.end)) {
                            return local.name;
                        }
                    }
                }
            }
        } catch (AnalyzerException | RuntimeException unknown) {
            // described generically below
        }
        return "emitter";
    }

    private static boolean referencesAwait(InvokeDynamicInsnNode indy) {
        for (Object arg : indy.bsmArgs) {
            if (arg instanceof Handle) {
                Handle handle = (Handle) arg;
                if (RuntimeNames.isAwait(handle.getOwner(), handle.getName(), handle.getDesc())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isAsync(MethodNode method) {
        return has(method.invisibleAnnotations, RuntimeNames.ASYNC_ANNOTATION)
                || has(method.visibleAnnotations, RuntimeNames.ASYNC_ANNOTATION);
    }

    private static boolean isMarked(MethodNode method) {
        return has(method.visibleAnnotations, RuntimeNames.REWRITTEN_ANNOTATION);
    }

    private static boolean has(List<AnnotationNode> annotations, String descriptor) {
        if (annotations != null) {
            for (AnnotationNode annotation : annotations) {
                if (annotation.desc.equals(descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A lambda body: javac names them {@code lambda$method$N}, ECJ {@code lambda$N}. */
    private static boolean isLambda(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode at = insn; at != null; at = at.getPrevious()) {
            if (at instanceof LineNumberNode) {
                return ((LineNumberNode) at).line;
            }
        }
        return 0;
    }

    static int firstLine(MethodNode method) {
        for (AbstractInsnNode at = method.instructions.getFirst(); at != null; at = at.getNext()) {
            if (at instanceof LineNumberNode) {
                return ((LineNumberNode) at).line;
            }
        }
        return 0;
    }

    /** As the source checks name a method: {@code 'Owner.name'}, or {@code constructor Owner}. */
    private static String describe(ClassNode owner, MethodNode method) {
        String simple = simpleName(owner);
        if (method.name.equals("<init>")) {
            return "constructor " + simple;
        }
        return "'" + (simple.isEmpty() ? "" : simple + ".") + method.name + "'";
    }

    /** The simple name as written in the source: empty for an anonymous class. */
    private static String simpleName(ClassNode type) {
        for (InnerClassNode inner : type.innerClasses) {
            if (inner.name.equals(type.name)) {
                return inner.innerName == null ? "" : inner.innerName;
            }
        }
        return simpleName(type.name);
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
