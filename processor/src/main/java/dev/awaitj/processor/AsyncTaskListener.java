package dev.awaitj.processor;

import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.awaitj.processor.check.Diagnostic;
import dev.awaitj.processor.check.SourceChecker;
import dev.awaitj.processor.rewrite.ClassRewriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * The two phases, hooked into javac's own pipeline: at {@code ANALYZE} (trees attributed,
 * positions known) run the {@link SourceChecker}; at {@code GENERATE} (class file written) run the
 * {@link ClassRewriter} on classes that have anything async. Nothing escapes as a stack trace: an
 * unexpected failure is a compile error naming the class.
 */
final class AsyncTaskListener implements TaskListener {
    private final Trees trees;
    private final Elements elements;
    private final Messager messager;
    private final ProcessingEnvironment env;
    private final ClassFiles classFiles;
    private final Map<String, TypeElement> declaredClasses = new HashMap<>();
    private final Set<String> asyncTopLevelClasses = new HashSet<>();
    /** Classes whose own class file has async code (see {@link SourceChecker#asyncClasses}). */
    private final Set<String> asyncClasses = new HashSet<>();
    private final Map<String, TreePath> asyncMethods = new HashMap<>();
    private final ElementsTypeHierarchy hierarchy;
    private final boolean debugLocals;

    AsyncTaskListener(ProcessingEnvironment env, Trees trees, boolean debugLocals) {
        this.debugLocals = debugLocals;
        this.env = env;
        this.trees = trees;
        this.elements = env.getElementUtils();
        this.messager = env.getMessager();
        this.classFiles = new ClassFiles(env.getFiler(), elements);
        this.hierarchy = new ElementsTypeHierarchy(elements, declaredClasses);
    }

    @Override
    public void finished(TaskEvent event) {
        TypeElement type = event.getTypeElement();
        if (type == null) {
            return;
        }
        try {
            if (event.getKind() == TaskEvent.Kind.ANALYZE) {
                check(event, type);
            } else if (event.getKind() == TaskEvent.Kind.GENERATE) {
                rewrite(type, event.getSourceFile());
            }
        } catch (Throwable unexpected) {
            StringWriter trace = new StringWriter();
            unexpected.printStackTrace(new PrintWriter(trace));
            messager.printMessage(Diagnostic.PROCESSOR_FAILED.kind(),
                    Diagnostic.PROCESSOR_FAILED.message(elements.getBinaryName(type), trace), type);
        }
    }

    private void check(TaskEvent event, TypeElement type) {
        if (type.getNestingKind() != NestingKind.TOP_LEVEL) {
            return; // checked as part of its top-level class
        }
        TreePath path = trees.getPath(type);
        if (path == null) {
            return;
        }
        SourceChecker checker = new SourceChecker(trees, elements, env.getTypeUtils(),
                event.getCompilationUnit(), declaredClasses, asyncMethods);
        checker.scan(path, null);
        if (checker.foundAsync()) {
            asyncTopLevelClasses.add(elements.getBinaryName(type).toString());
            asyncClasses.addAll(checker.asyncClasses());
        }
    }

    private void rewrite(TypeElement type, JavaFileObject source) throws IOException {
        if (!asyncTopLevelClasses.contains(elements.getBinaryName(topLevel(type)).toString())) {
            return;
        }
        String binaryName = elements.getBinaryName(type).toString();
        if (!insideLocalClass(type) && !asyncClasses.contains(binaryName)) {
            return; // a named class without async code of its own: no need to read its class file back
        }
        byte[] written;
        try {
            written = classFiles.read(type, source);
        } catch (UnreadableClassFileException elsewhere) {
            messager.printMessage(Diagnostic.REWRITE_FAILED.kind(), Diagnostic.REWRITE_FAILED.message(binaryName,
                    elsewhere.getMessage() + ". On the javac command line, pass -d <directory> for the"
                            + " class files. Otherwise this build tool's file manager keeps class outputs"
                            + " out of the Filer's reach (IntelliJ IDEA's builder keeps them in memory until"
                            + " the build ends): in IntelliJ IDEA, delegate the build to Maven or Gradle"
                            + " (Settings | Build, Execution, Deployment | Build Tools | Maven | Runner |"
                            + " Delegate IDE build/run actions to Maven, or the Gradle equivalent)"), type);
            return;
        }
        ClassRewriter.Result result = ClassRewriter.rewrite(written, hierarchy, debugLocals);
        if (!result.problems.isEmpty()) {
            for (ClassRewriter.MethodProblem problem : result.problems) {
                String message = Diagnostic.REWRITE_FAILED.message(problem.method, problem.reason);
                TreePath method = problem.name == null ? null : asyncMethods.get(
                        SourceChecker.methodKey(binaryName, problem.name, problem.descriptor));
                if (method != null) {
                    trees.printMessage(Diagnostic.REWRITE_FAILED.kind(), message, method.getLeaf(),
                            method.getCompilationUnit());
                } else {
                    messager.printMessage(Diagnostic.REWRITE_FAILED.kind(), message, type);
                }
            }
            classFiles.delete(type);
            return;
        }
        if (result.bytes != null) {
            classFiles.write(type, result.bytes);
        }
    }

    /**
     * Whether the class is local or anonymous or inside one: the binary names of those are
     * javac's numbering, so they are always read back rather than trusted to match.
     */
    private static boolean insideLocalClass(TypeElement type) {
        for (Element e = type; e != null; e = e.getEnclosingElement()) {
            if (e instanceof TypeElement) {
                NestingKind kind = ((TypeElement) e).getNestingKind();
                if (kind == NestingKind.LOCAL || kind == NestingKind.ANONYMOUS) {
                    return true;
                }
            }
        }
        return false;
    }

    private static TypeElement topLevel(TypeElement type) {
        TypeElement top = type;
        for (Element e = type; e != null; e = e.getEnclosingElement()) {
            if (e instanceof TypeElement) {
                top = (TypeElement) e;
            }
        }
        return top;
    }

}
