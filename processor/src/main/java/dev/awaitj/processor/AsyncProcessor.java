package dev.awaitj.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import dev.awaitj.processor.check.Diagnostic;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The awaitj annotation processor. It does its work in javac's pipeline rather than in
 * {@link #process}: a {@link AsyncTaskListener} checks each class's source once it is attributed
 * and rewrites the {@code @Async} methods of each class file once it is written.
 *
 * <p>It claims no annotations and runs on every compilation ({@code "*"}), because
 * {@code await} misused outside any {@code @Async} method must be reported too.
 *
 * <p>Under the Eclipse compiler (Eclipse, VS Code) there is no javac task to hook into: the
 * processor notes once that the class-file rewrite ({@code dev.awaitj.processor.classfile}, run by
 * the Maven goal or the Gradle task) does the work, and reports nothing else.
 */
@AutoService(Processor.class)
public final class AsyncProcessor extends AbstractProcessor {
    /**
     * {@code -Aawaitj.debugLocals=true}: every suspension saves every local in scope, not only
     * those read after the await, so a debugger shows them all after a resumption (README, Debugging).
     */
    static final String DEBUG_LOCALS = "awaitj.debugLocals";

    /**
     * Compilations that already have a listener: javac may create several instances of a
     * processor per compilation, and Maven and compile-testing reuse the JVM, so the key is the
     * compilation, not a static flag.
     */
    private static final Set<JavacTask> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private String unsupported;
    /** Under the Eclipse compiler: a note, once, that the class-file rewrite does the work. */
    private boolean eclipse;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        if (JavacEnvironment.isEclipseCompiler(env)) {
            eclipse = true;
            return;
        }
        JavacEnvironment javac = JavacEnvironment.find(env);
        JavacTask task = javac.task();
        if (task == null) {
            unsupported = javac.problem();
            return;
        }
        synchronized (REGISTERED) {
            if (REGISTERED.add(task)) {
                // env, not the unwrapped one: a wrapping IDE sees what goes through its Filer
                task.addTaskListener(new AsyncTaskListener(env, Trees.instance(task),
                        Boolean.parseBoolean(env.getOptions().get(DEBUG_LOCALS))));
            }
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(DEBUG_LOCALS);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if ((unsupported != null || eclipse) && !round.processingOver()) {
            TypeElement async = processingEnv.getElementUtils().getTypeElement("dev.awaitj.annotation.Async");
            if (async != null && !round.getElementsAnnotatedWith(async).isEmpty()) {
                Diagnostic diagnostic = eclipse ? Diagnostic.ECLIPSE_COMPILER : Diagnostic.UNSUPPORTED_COMPILER;
                processingEnv.getMessager().printMessage(diagnostic.kind(), diagnostic.message(unsupported));
                unsupported = null;
                eclipse = false;
            }
        }
        return false;
    }
}
