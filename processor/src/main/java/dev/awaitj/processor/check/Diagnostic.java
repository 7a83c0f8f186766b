package dev.awaitj.processor.check;

import javax.tools.Diagnostic.Kind;

/**
 * Every message the source checks report. The bracketed tag is stable: tests and users match it
 * (and {@code @SuppressWarnings} takes it for warnings); the text after it may improve.
 */
public enum Diagnostic {
    AWAIT_OUTSIDE_ASYNC(Kind.ERROR, "AwaitOutsideAsync",
            "await() can only be used in an @Async method or in a lambda that returns a"
                    + " CompletionStage; %s is neither. Annotate it with"
                    + " @dev.awaitj.annotation.Async and make it return CompletableFuture or"
                    + " CompletionStage, or move the await into such a method"),
    /** {@link #AWAIT_OUTSIDE_ASYNC} in a {@code main} method, which cannot return a future. */
    AWAIT_IN_MAIN(Kind.ERROR, "AwaitOutsideAsync",
            "await() can only be used in an @Async method or in a lambda that returns a"
                    + " CompletionStage; %s cannot be one, because the JVM calls it and does not"
                    + " wait for a future. Move the code into an @Async method, e.g."
                    + " `@Async static CompletableFuture<Void> run(String[] args)`, and call"
                    + " `dev.awaitj.EventLoop.run(() -> run(args))` from main: it runs that method"
                    + " on an event loop and blocks until its future completes"),
    AWAIT_IN_LAMBDA(Kind.ERROR, "AwaitInLambda",
            "await() inside a lambda that returns %s cannot suspend the enclosing method; only a"
                    + " lambda whose functional method returns CompletableFuture or CompletionStage"
                    + " is async. Make the lambda return a CompletionStage, or move the await out"
                    + " of the lambda"),
    /**
     * {@link #AWAIT_IN_LAMBDA} for a lambda passed to a method ({@code forEach}, {@code map}):
     * its type is the method's to choose, so "make it return a stage" cannot be followed.
     */
    AWAIT_IN_CALLBACK(Kind.ERROR, "AwaitInLambda",
            "await() inside the lambda passed to %s cannot suspend the enclosing method: %s calls"
                    + " it as a %s, whose result is %s, not a CompletionStage, and does not wait for"
                    + " it. Await in a for loop of the @Async method instead; or start every stage"
                    + " and await(Futures.all(stages)) (dev.awaitj.Futures); or use an AsyncStream"
                    + " (dev.awaitj.stream), whose forEachAsync and mapConcurrent take lambdas that"
                    + " return a stage"),
    /** {@link #AWAIT_IN_LAMBDA} for the function given to an AsyncStream operator: names its async form. */
    AWAIT_IN_STREAM_LAMBDA(Kind.ERROR, "AwaitInLambda",
            "await() inside the function given to AsyncStream.%s cannot suspend: it returns %s, so"
                    + " the stream calls it as a plain function. %s"),
    AWAIT_IN_LOCAL_CLASS(Kind.ERROR, "AwaitInLocalClass",
            "await() inside an anonymous or local class body cannot suspend the enclosing %s;"
                    + " the class's code runs whenever it is called. Put the await in an @Async"
                    + " method of that class, or move it out of the class body"),
    AWAIT_IN_SYNCHRONIZED(Kind.ERROR, "AwaitInSynchronized",
            "await() inside %s would suspend while holding the monitor, and resume on another"
                    + " thread that does not own it. Move the await out of the synchronized region,"
                    + " or use an async lock from dev.awaitj"),
    AWAIT_METHOD_REFERENCE(Kind.ERROR, "AwaitMethodReference",
            "await cannot be used as a method reference: only a direct call await(stage) in an"
                    + " @Async method can suspend. Write a lambda that calls await(...) and returns a"
                    + " CompletionStage instead"),
    ASYNC_RETURN_TYPE(Kind.ERROR, "AsyncReturnType",
            "@Async method %s must return CompletableFuture<T> or CompletionStage<T>, not %s;"
                    + " change its return type (return CompletableFuture.completedFuture(value) at"
                    + " the end)"),
    ASYNC_WITHOUT_BODY(Kind.ERROR, "AsyncWithoutBody",
            "@Async method %s has no body, so there is nothing to rewrite; put @Async on the"
                    + " methods that implement it"),
    DISCARDED_ASYNC_RESULT(Kind.WARNING, "DiscardedAsyncResult",
            "the future returned by @Async method %s is discarded, so its failure will go"
                    + " unnoticed; await it, keep it, or hand it to a task scope (or suppress with"
                    + " @SuppressWarnings(\"DiscardedAsyncResult\"))"),
    EMIT_NOT_AWAITED(Kind.ERROR, "EmitNotAwaited",
            "the stage returned by emit() is discarded: it completes when the consumer wants the"
                    + " next value, and it fails when the consumer stops (so the producer's"
                    + " finally blocks run). Write await(%s.emit(value)) in the producer, an async"
                    + " lambda or @Async method, before emitting again"),
    TIMEOUT_IS_UNCHECKED(Kind.ERROR, "TimeoutIsUnchecked",
            "%s fails with the unchecked dev.awaitj.TimedOutException, never with"
                    + " java.util.concurrent.TimeoutException, so a catch of TimeoutException would"
                    + " not see the timeout. Write await(%s(...)) without the exception class and"
                    + " catch (dev.awaitj.TimedOutException e)"),
    NOT_PROCESSED(Kind.ERROR, "AwaitjNotProcessed",
            "this code calls await(), but javac (JDK %s) ran no annotation processor, so no @Async"
                    + " method is rewritten and the first await would throw at run time. The awaitj"
                    + " processor is on the class path, and JDK 23 and later run processors found"
                    + " there only with -proc:full. Put dev.awaitj:awaitj-processor on the processor"
                    + " path: Maven: maven-compiler-plugin <annotationProcessorPaths>, not"
                    + " <dependencies>; Gradle: annotationProcessor; javac: -processorpath. (Or"
                    + " remove -proc:none.)"),
    REWRITE_FAILED(Kind.ERROR, "AsyncRewriteFailed",
            "awaitj cannot rewrite %s: %s"),
    PROCESSOR_FAILED(Kind.ERROR, "AwaitjInternalError",
            "awaitj failed while processing %s (please report this with the source that caused"
                    + " it): %s"),
    ECLIPSE_COMPILER(Kind.NOTE, "AwaitjEclipseCompiler",
            "the Eclipse compiler runs this processor (Eclipse, VS Code), and it has no javac task API"
                    + " to rewrite @Async methods while compiling; the class-file rewrite does it after"
                    + " the build instead: the awaitj-maven-plugin's rewrite goal, which m2e runs after"
                    + " every build, or with Gradle the awaitjRewrite task in eclipse.autoBuildTasks"
                    + " (README, Eclipse and VS Code)"),
    UNSUPPORTED_COMPILER(Kind.ERROR, "AwaitjUnsupportedCompiler",
            "awaitj needs javac's task API (com.sun.source.util.JavacTask) to rewrite @Async"
                    + " methods, and this compiler does not provide it: %s");

    private final Kind kind;
    private final String tag;
    private final String format;

    Diagnostic(Kind kind, String tag, String format) {
        this.kind = kind;
        this.tag = tag;
        this.format = format;
    }

    public Kind kind() {
        return kind;
    }

    public String tag() {
        return tag;
    }

    /** The full message: {@code [Tag] text}. */
    public String message(Object... args) {
        return "[" + tag + "] " + String.format(format, args);
    }
}
