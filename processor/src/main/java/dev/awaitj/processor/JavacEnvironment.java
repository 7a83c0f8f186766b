package dev.awaitj.processor;

import com.sun.source.util.JavacTask;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's {@link JavacTask} behind the environment a build tool hands the processor.
 *
 * <p>javac's own environment works directly. IntelliJ's builder (JPS, since 2020.3, whenever
 * annotation processing is on) hands processors a {@link Proxy} around it so that it can track
 * generated files, and {@code JavacTask.instance} rejects anything but javac's class. JetBrains
 * publishes {@code public static <T> T org.jetbrains.jps.javac.APIWrappers.unwrap(Class, T)} for
 * processors to call reflectively; the proxy class is defined by the class loader that loaded
 * {@code APIWrappers}, so that loader finds it. Only public members are used: no
 * {@code setAccessible}, no flags.
 *
 * <p>Only the task is taken from the unwrapped environment. Everything read and written keeps
 * going through the wrapped environment's {@code Filer}, so that the IDE sees the outputs.
 *
 * <pre>{@code
 * JavacEnvironment found = JavacEnvironment.find(processingEnv);
 * if (found.task() != null) found.task().addTaskListener(...);
 * else report(found.problem());
 * }</pre>
 */
final class JavacEnvironment {
    /** JetBrains' wrapper class; its name and {@code unwrap} signature are their public promise. */
    static final String JPS_WRAPPERS = "org.jetbrains.jps.javac.APIWrappers";

    private final JavacTask task;
    private final String problem;

    private JavacEnvironment(JavacTask task, String problem) {
        this.task = task;
        this.problem = problem;
    }

    /** javac's task, or null when it could not be reached (then {@link #problem} says why). */
    JavacTask task() {
        return task;
    }

    /** Why the task could not be reached, naming the wrapper and the way out; null if reached. */
    String problem() {
        return problem;
    }

    /**
     * Whether the environment is the Eclipse compiler's: its batch compiler's and the IDE's
     * ({@code org.eclipse.jdt.internal.compiler.apt...}, {@code org.eclipse.jdt.internal.apt...}).
     */
    static boolean isEclipseCompiler(ProcessingEnvironment env) {
        return env.getClass().getName().startsWith("org.eclipse.jdt.");
    }

    static JavacEnvironment find(ProcessingEnvironment env) {
        RuntimeException direct;
        try {
            return new JavacEnvironment(JavacTask.instance(env), null);
        } catch (RuntimeException | LinkageError notJavac) {
            if (notJavac instanceof LinkageError) {
                return new JavacEnvironment(null, String.valueOf(notJavac));
            }
            direct = (RuntimeException) notJavac;
        }
        String unwrapFailure;
        try {
            ProcessingEnvironment unwrapped = unwrapJps(env);
            if (unwrapped == null) {
                unwrapFailure = "no " + JPS_WRAPPERS + " is visible from the wrapper's class loader";
            } else {
                return new JavacEnvironment(JavacTask.instance(unwrapped), null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError failed) {
            Throwable cause = failed instanceof InvocationTargetException ? failed.getCause() : failed;
            unwrapFailure = JPS_WRAPPERS + ".unwrap did not give javac's environment (" + cause + ")";
        }
        return new JavacEnvironment(null, describe(env, direct, unwrapFailure));
    }

    /**
     * JPS's unwrap, looked up from the loader of the wrapper's own class; null if that loader
     * has no {@code APIWrappers} (not JPS).
     */
    private static ProcessingEnvironment unwrapJps(ProcessingEnvironment env) throws ReflectiveOperationException {
        ClassLoader loader = env.getClass().getClassLoader();
        Class<?> wrappers;
        try {
            wrappers = Class.forName(JPS_WRAPPERS, false, loader);
        } catch (ClassNotFoundException notJps) {
            return null;
        }
        Method unwrap = wrappers.getMethod("unwrap", Class.class, Object.class);
        Object unwrapped = unwrap.invoke(null, ProcessingEnvironment.class, env);
        if (!(unwrapped instanceof ProcessingEnvironment)) {
            throw new IllegalStateException("it returned " + unwrapped);
        }
        return (ProcessingEnvironment) unwrapped;
    }

    private static String describe(ProcessingEnvironment env, RuntimeException direct, String unwrapFailure) {
        Class<?> type = env.getClass();
        String wrapper = type.getName();
        if (Proxy.isProxyClass(type)) {
            wrapper = "a java.lang.reflect.Proxy (" + type.getName() + ") whose handler is "
                    + Proxy.getInvocationHandler(env).getClass().getName();
        }
        return "the ProcessingEnvironment it was given is " + wrapper + ", not javac's own ("
                + direct + "), and " + unwrapFailure + ". In IntelliJ IDEA, delegate the build to Maven or Gradle (Settings |"
                + " Build, Execution, Deployment | Build Tools | Maven | Runner | Delegate IDE build/run"
                + " actions to Maven, or the Gradle equivalent): IntelliJ's own builder keeps class"
                + " outputs in memory, where no annotation processor can read them back, with or"
                + " without its wrapper; elsewhere, run the processor in javac without a wrapping tool";
    }
}
