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
    AWAIT_IN_LAMBDA(Kind.ERROR, "AwaitInLambda",
            "await() inside a lambda that returns %s cannot suspend the enclosing method; only a"
                    + " lambda whose functional method returns CompletableFuture or CompletionStage"
                    + " is async. Make the lambda return a CompletionStage, or move the await out"
                    + " of the lambda"),
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
    REWRITE_FAILED(Kind.ERROR, "AsyncRewriteFailed",
            "awaitj cannot rewrite %s: %s"),
    PROCESSOR_FAILED(Kind.ERROR, "AwaitjInternalError",
            "awaitj failed while processing %s (please report this with the source that caused"
                    + " it): %s"),
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
