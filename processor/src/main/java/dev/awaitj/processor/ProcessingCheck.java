package dev.awaitj.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.awaitj.processor.check.Diagnostic;
import java.util.Arrays;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Fails a compilation that calls {@code await} while javac runs no annotation processor, so that
 * a misplaced processor is a build error instead of an {@code IllegalStateException} at the first
 * {@code await}. The case it is for: {@code awaitj-processor} in Maven's {@code <dependencies>}
 * (the class path), which JDK 17 to 22 run as a processor and JDK 23 and later do not. javac
 * starts a plugin whose {@link #autoStart()} is true from the processor path, or from the class
 * path when there is none, whether or not it runs processors; this one only listens: if
 * annotation processing never started, the first {@code await} of each compilation is an
 * {@code [AwaitjNotProcessed]} error. A compilation that runs the processor never hears from it.
 *
 * <p>{@code -Xplugin:"awaitj-processing-check off"} turns it off, for a compilation that is
 * meant to leave awaits unrewritten (the processor's own tests compare with such code).
 */
@AutoService(Plugin.class)
public final class ProcessingCheck implements Plugin {
    static final String NAME = "awaitj-processing-check";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean autoStart() {
        return true;
    }

    @Override
    public void init(JavacTask task, String... args) {
        if (Arrays.asList(args).contains("off")) {
            return;
        }
        task.addTaskListener(new Listener(Trees.instance(task)));
    }

    private static final class Listener implements TaskListener {
        private final Trees trees;
        private boolean processing;
        private boolean reported;

        Listener(Trees trees) {
            this.trees = trees;
        }

        @Override
        public void started(TaskEvent event) {
            if (event.getKind() == TaskEvent.Kind.ANNOTATION_PROCESSING) {
                processing = true;
            }
        }

        @Override
        public void finished(TaskEvent event) {
            if (event.getKind() != TaskEvent.Kind.ANALYZE || processing || reported
                    || event.getCompilationUnit() == null) {
                return;
            }
            MethodInvocationTree await = firstAwait(event.getCompilationUnit());
            if (await != null) {
                reported = true; // once per compilation: the cause is the build, not the line
                trees.printMessage(Diagnostic.NOT_PROCESSED.kind(), Diagnostic.NOT_PROCESSED.message(
                        Runtime.version().feature()), await, event.getCompilationUnit());
            }
        }

        private MethodInvocationTree firstAwait(CompilationUnitTree unit) {
            MethodInvocationTree[] found = new MethodInvocationTree[1];
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
                    if (found[0] == null && isAwait(trees.getElement(getCurrentPath()))) {
                        found[0] = tree;
                    }
                    return super.visitMethodInvocation(tree, unused);
                }
            }.scan(unit, null);
            return found[0];
        }

        private static boolean isAwait(Element element) {
            return element != null && element.getSimpleName().contentEquals("await")
                    && element.getEnclosingElement() instanceof TypeElement
                    && ((TypeElement) element.getEnclosingElement()).getQualifiedName().contentEquals("dev.awaitj.Await");
        }
    }
}
