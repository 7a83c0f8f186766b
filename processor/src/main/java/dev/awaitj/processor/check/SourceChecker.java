package dev.awaitj.processor.check;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The source checks, run on each top-level class once javac has attributed it: misuse of
 * {@code await} and {@code @Async} is reported at the offending tree, so the error points at the
 * user's line. Also records what the bytecode phase needs: whether the class has anything async,
 * and the binary names of its local and anonymous classes.
 */
public final class SourceChecker extends TreePathScanner<Void, Void> {
    static final String ASYNC = "dev.awaitj.annotation.Async";
    static final String AWAIT_OWNER = "dev.awaitj.Await";
    static final String EMITTER = "dev.awaitj.stream.Emitter";
    static final String ASYNC_STREAM = "dev.awaitj.stream.AsyncStream";
    private static final String STAGE = "java.util.concurrent.CompletionStage";
    private static final String COMPLETABLE = "java.util.concurrent.CompletableFuture";

    /**
     * A region the checks care about, innermost first on the stack. What a lambda is (async or
     * not, and its description) needs type queries, so it is worked out only when an await inside
     * it asks.
     */
    private final class Scope {
        final Kind kind;
        final boolean synchronizedMethod;
        private Boolean async;
        private String description;
        private final Element method;
        private final MethodTree methodTree;
        private final TypeMirror lambdaTarget;
        /** For a lambda passed as an argument: the method it is passed to; else {@code null}. */
        ExecutableElement passedTo;
        /** For a lambda passed to an AsyncStream method: that method's name. */
        String streamMethod;

        private Scope(Kind kind, boolean async, Element method, MethodTree methodTree,
                boolean synchronizedMethod, TypeMirror lambdaTarget) {
            this.kind = kind;
            this.async = kind == Kind.LAMBDA ? null : async;
            this.method = method;
            this.methodTree = methodTree;
            this.synchronizedMethod = synchronizedMethod;
            this.lambdaTarget = lambdaTarget;
        }

        boolean async() {
            if (async == null) {
                TypeMirror returned = functionalReturnType(lambdaTarget);
                // A lambda javac could not type has its own error already; don't add a second one.
                async = returned != null && isStage(returned)
                        || lambdaTarget == null || lambdaTarget.getKind() == TypeKind.ERROR;
                description = returned == null ? "an unknown type" : returned.toString();
            }
            return async;
        }

        String description() {
            if (kind == Kind.LAMBDA) {
                async();
            } else if (description == null && kind == Kind.METHOD) {
                description = method == null ? methodTree.getName().toString() : describe(method);
            }
            return description;
        }
    }

    private enum Kind { METHOD, LAMBDA, CLASS, SYNCHRONIZED }

    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final CompilationUnitTree unit;
    private final Map<String, TypeElement> declaredClasses;
    private final Map<String, TreePath> asyncMethods;
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /** The classes around the scanned tree, innermost last; null for one javac could not enter. */
    private final java.util.List<TypeElement> classes = new java.util.ArrayList<>();
    private final java.util.Set<String> asyncClasses = new java.util.HashSet<>();
    private boolean foundAsync;

    /**
     * {@code declaredClasses} receives every class declared in the scanned code by binary name;
     * {@code asyncMethods} the path of each {@code @Async} method by {@link #methodKey}, so that
     * a rewrite failure found later in the class file can be reported at the method.
     */
    public SourceChecker(Trees trees, Elements elements, Types types, CompilationUnitTree unit,
            Map<String, TypeElement> declaredClasses, Map<String, TreePath> asyncMethods) {
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        this.unit = unit;
        this.declaredClasses = declaredClasses;
        this.asyncMethods = asyncMethods;
    }

    /** Identifies a method across the source and class-file views: binary class, name, descriptor. */
    public static String methodKey(String binaryClassName, String name, String descriptor) {
        return binaryClassName + "#" + name + descriptor;
    }

    /** Whether the scanned code declares an {@code @Async} method or calls {@code await}. */
    public boolean foundAsync() {
        return foundAsync;
    }

    /**
     * The binary names of the classes whose own class file holds the {@code @Async} methods and
     * the {@code await} calls found (a lambda's body is in the class around it); the other named
     * classes of the scanned code need no rewrite.
     */
    public java.util.Set<String> asyncClasses() {
        return asyncClasses;
    }

    private void foundAsyncIn(TypeElement owner) {
        foundAsync = true;
        if (owner != null) {
            asyncClasses.add(elements.getBinaryName(owner).toString());
        }
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        TypeElement type = element instanceof TypeElement ? (TypeElement) element : null;
        if (type != null) {
            declaredClasses.put(elements.getBinaryName(type).toString(), type);
        }
        scopes.push(new Scope(Kind.CLASS, false, null, null, false, null));
        classes.add(type);
        try {
            return super.visitClass(tree, unused);
        } finally {
            classes.remove(classes.size() - 1);
            scopes.pop();
        }
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        boolean async = element != null && isAsync(element);
        Scope scope = new Scope(Kind.METHOD, async, element, tree,
                tree.getModifiers().getFlags().contains(Modifier.SYNCHRONIZED), null);
        if (async) {
            Element owner = element.getEnclosingElement();
            foundAsyncIn(owner instanceof TypeElement ? (TypeElement) owner : null);
            checkAsyncDeclaration(tree, (ExecutableElement) element, scope.description());
            if (owner instanceof TypeElement) {
                asyncMethods.put(methodKey(elements.getBinaryName((TypeElement) owner).toString(),
                        element.getSimpleName().toString(), descriptor((ExecutableElement) element)),
                        getCurrentPath());
            }
        }
        scopes.push(scope);
        try {
            return super.visitMethod(tree, unused);
        } finally {
            scopes.pop();
        }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        TypeMirror target = trees.getTypeMirror(getCurrentPath());
        Scope lambda = new Scope(Kind.LAMBDA, false, null, null, false, target);
        TreePath parent = getCurrentPath().getParentPath();
        if (parent.getLeaf() instanceof MethodInvocationTree
                && ((MethodInvocationTree) parent.getLeaf()).getArguments().contains(tree)
                && trees.getElement(parent) instanceof ExecutableElement) {
            lambda.passedTo = (ExecutableElement) trees.getElement(parent);
        }
        lambda.streamMethod = streamMethodTaking(getCurrentPath());
        scopes.push(lambda);
        try {
            return super.visitLambdaExpression(tree, unused);
        } finally {
            scopes.pop();
        }
    }

    @Override
    public Void visitSynchronized(SynchronizedTree tree, Void unused) {
        scan(tree.getExpression(), unused);
        scopes.push(new Scope(Kind.SYNCHRONIZED, false, null, null, false, null));
        try {
            scan(tree.getBlock(), unused);
        } finally {
            scopes.pop();
        }
        return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (element instanceof ExecutableElement) {
            if (isAwait(element)) {
                foundAsyncIn(innermostClass());
                checkAwait(tree);
                checkTimeoutType(tree);
            } else if (isEmit(element) && resultDiscarded(tree)) {
                report(Diagnostic.EMIT_NOT_AWAITED, tree, receiver(tree));
            } else if (isAsync(element)
                    && getCurrentPath().getParentPath().getLeaf() instanceof ExpressionStatementTree
                    && !suppressed(Diagnostic.DISCARDED_ASYNC_RESULT)) {
                report(Diagnostic.DISCARDED_ASYNC_RESULT, tree, describe(element));
            }
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (element != null && isAwait(element)) {
            foundAsyncIn(innermostClass());
            report(Diagnostic.AWAIT_METHOD_REFERENCE, tree);
        }
        return super.visitMemberReference(tree, unused);
    }

    private void checkAsyncDeclaration(MethodTree tree, ExecutableElement method, String name) {
        if (tree.getBody() == null) {
            report(Diagnostic.ASYNC_WITHOUT_BODY, tree, name);
        } else if (!isStage(method.getReturnType())) {
            report(Diagnostic.ASYNC_RETURN_TYPE, tree, name, method.getReturnType());
        }
    }

    private void checkAwait(MethodInvocationTree call) {
        boolean inSynchronizedBlock = false;
        for (Scope scope : scopes) {
            switch (scope.kind) {
                case SYNCHRONIZED:
                    inSynchronizedBlock = true;
                    continue;
                case METHOD:
                case LAMBDA:
                    if (!scope.async()) {
                        if (scope.kind == Kind.LAMBDA && scope.streamMethod != null) {
                            report(Diagnostic.AWAIT_IN_STREAM_LAMBDA, call, scope.streamMethod,
                                    scope.description(), asyncFormOf(scope.streamMethod));
                        } else if (scope.kind == Kind.LAMBDA && scope.passedTo != null) {
                            reportInCallback(call, scope);
                        } else if (scope.kind == Kind.LAMBDA) {
                            report(Diagnostic.AWAIT_IN_LAMBDA, call, scope.description());
                        } else {
                            reportOutside(call, scope.description());
                        }
                    } else if (inSynchronizedBlock) {
                        report(Diagnostic.AWAIT_IN_SYNCHRONIZED, call, "a synchronized block");
                    } else if (scope.synchronizedMethod) {
                        report(Diagnostic.AWAIT_IN_SYNCHRONIZED, call,
                                "synchronized method " + scope.description());
                    }
                    return;
                case CLASS:
                default:
                    reportOutside(call, "this initializer");
                    return;
            }
        }
        reportOutside(call, "this code");
    }

    /** Await in a lambda whose type the method it is passed to chose: suggest what works. */
    private void reportInCallback(MethodInvocationTree call, Scope lambda) {
        ExecutableElement method = lambda.passedTo;
        String name = method.getSimpleName() + "(...)";
        TypeMirror target = lambda.lambdaTarget;
        String functional = target instanceof DeclaredType
                ? ((DeclaredType) target).asElement().getSimpleName().toString() : String.valueOf(target);
        report(Diagnostic.AWAIT_IN_CALLBACK, call, name, name, functional, lambda.description());
    }

    /** {@code await(Time.withTimeout(...), TimeoutException.class)}: that catch would never run. */
    private void checkTimeoutType(MethodInvocationTree call) {
        if (call.getArguments().size() != 2
                || !(call.getArguments().get(1) instanceof MemberSelectTree)
                || !(stripParentheses(call.getArguments().get(0)) instanceof MethodInvocationTree)) {
            return;
        }
        MemberSelectTree type = (MemberSelectTree) call.getArguments().get(1);
        Element named = trees.getElement(TreePath.getPath(getCurrentPath(), type.getExpression()));
        Element timed = trees.getElement(TreePath.getPath(getCurrentPath(),
                stripParentheses(call.getArguments().get(0))));
        if (type.getIdentifier().contentEquals("class") && named instanceof TypeElement
                && ((TypeElement) named).getQualifiedName().contentEquals("java.util.concurrent.TimeoutException")
                && timed != null && timed.getSimpleName().contentEquals("withTimeout")
                && timed.getEnclosingElement() instanceof TypeElement
                && ((TypeElement) timed.getEnclosingElement()).getQualifiedName().toString().startsWith("dev.awaitj.")) {
            String owner = timed.getEnclosingElement().getSimpleName() + ".withTimeout";
            report(Diagnostic.TIMEOUT_IS_UNCHECKED, call, owner, owner);
        }
    }

    private static ExpressionTree stripParentheses(ExpressionTree tree) {
        while (tree instanceof ParenthesizedTree) {
            tree = ((ParenthesizedTree) tree).getExpression();
        }
        return tree;
    }

    /** The name of the AsyncStream method the lambda at {@code lambda} is an argument of, or null. */
    private String streamMethodTaking(TreePath lambda) {
        TreePath parent = lambda.getParentPath();
        if (parent == null || !(parent.getLeaf() instanceof MethodInvocationTree)) {
            return null;
        }
        Element called = trees.getElement(parent);
        if (!(called instanceof ExecutableElement)
                || !(called.getEnclosingElement() instanceof TypeElement)
                || !((TypeElement) called.getEnclosingElement()).getQualifiedName().contentEquals(ASYNC_STREAM)) {
            return null;
        }
        return called.getSimpleName().toString();
    }

    /** What to write instead of awaiting in the plain function given to AsyncStream.{@code method}. */
    private static String asyncFormOf(String method) {
        switch (method) {
            case "forEach":
                return "Use forEachAsync(v -> { ... await(...); ... return AsyncStream.done(); }), which"
                        + " waits for the stage the function returns before the next value";
            case "map":
                return "Use mapAsync(v -> { ... return CompletableFuture.completedFuture(await(...)); }),"
                        + " or mapConcurrent(n, ...) to run several at once";
            default:
                return "Do the async work in a mapAsync(v -> ...) step before it, whose function returns"
                        + " a CompletionStage, or consume with forEachAsync";
        }
    }

    /** Await outside any async code: say so, naming the async code around a local class if any. */
    private void reportOutside(MethodInvocationTree call, String where) {
        boolean passedClass = false;
        for (Scope scope : scopes) {
            if (scope.kind == Kind.CLASS) {
                passedClass = true;
            } else if (passedClass && (scope.kind == Kind.METHOD || scope.kind == Kind.LAMBDA)
                    && scope.async()) {
                report(Diagnostic.AWAIT_IN_LOCAL_CLASS, call, scope.kind == Kind.LAMBDA
                        ? "async lambda" : "@Async method " + scope.description());
                return;
            }
        }
        Scope method = innermostMethod();
        if (method != null && isMain(method.method)) {
            report(Diagnostic.AWAIT_IN_MAIN, call, where);
            return;
        }
        report(Diagnostic.AWAIT_OUTSIDE_ASYNC, call, where);
    }

    private Scope innermostMethod() {
        for (Scope scope : scopes) {
            if (scope.kind == Kind.METHOD) {
                return scope;
            }
            if (scope.kind != Kind.SYNCHRONIZED) {
                return null; // a lambda or class between the await and the method
            }
        }
        return null;
    }

    /** A launcher's entry point: {@code void main(...)}, which no future can be returned from. */
    private static boolean isMain(Element method) {
        return method instanceof ExecutableElement
                && method.getSimpleName().contentEquals("main")
                && ((ExecutableElement) method).getReturnType().getKind() == TypeKind.VOID;
    }

    private TypeElement innermostClass() {
        return classes.isEmpty() ? null : classes.get(classes.size() - 1);
    }

    private void report(Diagnostic diagnostic, Tree tree, Object... args) {
        trees.printMessage(diagnostic.kind(), diagnostic.message(args), tree, unit);
    }

    private boolean suppressed(Diagnostic diagnostic) {
        for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
            Tree.Kind kind = path.getLeaf().getKind();
            if (kind != Tree.Kind.METHOD && kind != Tree.Kind.VARIABLE && !(path.getLeaf() instanceof ClassTree)) {
                continue;
            }
            Element element = trees.getElement(path);
            SuppressWarnings suppress = element == null ? null : element.getAnnotation(SuppressWarnings.class);
            if (suppress != null) {
                for (String value : suppress.value()) {
                    if (value.equals(diagnostic.tag()) || value.equals("awaitj")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isAwait(Element element) {
        Element owner = element.getEnclosingElement();
        return element.getKind() == ElementKind.METHOD
                && element.getSimpleName().contentEquals("await")
                && owner instanceof TypeElement
                && ((TypeElement) owner).getQualifiedName().contentEquals(AWAIT_OWNER);
    }

    /** A call of {@code Emitter.emit} through the interface: its stage is the stream's back-pressure. */
    private static boolean isEmit(Element element) {
        Element owner = element.getEnclosingElement();
        return element.getKind() == ElementKind.METHOD
                && element.getSimpleName().contentEquals("emit")
                && ((ExecutableElement) element).getParameters().size() == 1
                && owner instanceof TypeElement
                && ((TypeElement) owner).getQualifiedName().contentEquals(EMITTER);
    }

    /**
     * Whether the value of the call {@code tree} (the current path) is thrown away: a statement
     * of its own, or the body of an expression lambda whose functional method returns void.
     */
    private boolean resultDiscarded(MethodInvocationTree tree) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        if (parent instanceof ExpressionStatementTree) {
            return true;
        }
        if (parent instanceof LambdaExpressionTree && ((LambdaExpressionTree) parent).getBody() == tree) {
            TypeMirror returned = functionalReturnType(trees.getTypeMirror(getCurrentPath().getParentPath()));
            return returned != null && returned.getKind() == TypeKind.VOID;
        }
        return false;
    }

    /** The receiver expression of {@code tree} as written, for the message ("out" in out.emit(x)). */
    private static String receiver(MethodInvocationTree tree) {
        ExpressionTree select = tree.getMethodSelect();
        if (select instanceof MemberSelectTree) {
            return ((MemberSelectTree) select).getExpression().toString();
        }
        return "emitter";
    }

    static boolean isAsync(Element element) {
        if (element.getKind() != ElementKind.METHOD) {
            return false;
        }
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            Element type = annotation.getAnnotationType().asElement();
            if (type instanceof TypeElement && ((TypeElement) type).getQualifiedName().contentEquals(ASYNC)) {
                return true;
            }
        }
        return false;
    }

    private boolean isStage(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        Element element = types.asElement(types.erasure(type));
        if (!(element instanceof TypeElement)) {
            return false;
        }
        String name = ((TypeElement) element).getQualifiedName().toString();
        return name.equals(STAGE) || name.equals(COMPLETABLE);
    }

    /** The return type of a lambda's functional method, from the lambda's (target) type. */
    private TypeMirror functionalReturnType(TypeMirror type) {
        if (type == null) {
            return null;
        }
        if (type.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
                TypeMirror returned = functionalReturnType(bound);
                if (returned != null) {
                    return returned;
                }
            }
            return null;
        }
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (!element.getKind().isInterface()) {
            return null;
        }
        for (Element member : elements.getAllMembers(element)) {
            if (member.getKind() != ElementKind.METHOD
                    || !member.getModifiers().contains(Modifier.ABSTRACT)
                    || isObjectMethod((ExecutableElement) member)) {
                continue;
            }
            TypeMirror asMember = types.asMemberOf(declared, member);
            if (asMember instanceof ExecutableType) {
                return ((ExecutableType) asMember).getReturnType();
            }
        }
        return null;
    }

    private boolean isObjectMethod(ExecutableElement method) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (Element member : object.getEnclosedElements()) {
            if (member.getKind() == ElementKind.METHOD
                    && member.getModifiers().contains(Modifier.PUBLIC)
                    && elements.overrides(method, (ExecutableElement) member, (TypeElement) method.getEnclosingElement())) {
                return true;
            }
        }
        return method.getSimpleName().contentEquals("equals") && method.getParameters().size() == 1
                || (method.getSimpleName().contentEquals("hashCode")
                        || method.getSimpleName().contentEquals("toString")) && method.getParameters().isEmpty();
    }

    /** The JVM descriptor of a method: its erased parameter and return types. */
    private String descriptor(ExecutableElement method) {
        StringBuilder desc = new StringBuilder("(");
        for (javax.lang.model.element.VariableElement parameter : method.getParameters()) {
            desc.append(descriptor(parameter.asType()));
        }
        return desc.append(')').append(descriptor(method.getReturnType())).toString();
    }

    private String descriptor(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        switch (erased.getKind()) {
            case BOOLEAN: return "Z";
            case BYTE: return "B";
            case CHAR: return "C";
            case SHORT: return "S";
            case INT: return "I";
            case LONG: return "J";
            case FLOAT: return "F";
            case DOUBLE: return "D";
            case VOID: return "V";
            case ARRAY: return "[" + descriptor(((javax.lang.model.type.ArrayType) erased).getComponentType());
            case DECLARED:
                return "L" + elements.getBinaryName((TypeElement) ((DeclaredType) erased).asElement())
                        .toString().replace('.', '/') + ";";
            default:
                return "Ljava/lang/Object;";
        }
    }

    private static String describe(Element element) {
        if (element.getKind() == ElementKind.CONSTRUCTOR) {
            return "constructor " + element.getEnclosingElement().getSimpleName();
        }
        Element owner = element.getEnclosingElement();
        String ownerName = owner instanceof TypeElement && owner.getSimpleName().length() > 0
                ? owner.getSimpleName() + "." : "";
        return "'" + ownerName + element.getSimpleName() + "'";
    }
}
