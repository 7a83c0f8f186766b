package dev.awaitj.processor.rewrite;

import org.objectweb.asm.Type;

/**
 * The runtime members rewritten code calls, by name: the processor does not depend on the runtime,
 * and these strings are the whole contract between them ({@code dev.awaitj.internal}).
 */
public final class RuntimeNames {
    private RuntimeNames() {
    }

    public static final String ASYNC_ANNOTATION = "Ldev/awaitj/annotation/Async;";
    public static final String REWRITTEN_ANNOTATION = "Ldev/awaitj/internal/Rewritten;";

    public static final String AWAIT_OWNER = "dev/awaitj/Await";
    public static final String AWAIT_NAME = "await";
    static final String AWAIT_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";
    static final String AWAIT_CHECKED_DESC =
            "(Ljava/util/concurrent/CompletionStage;Ljava/lang/Class;)Ljava/lang/Object;";

    /** Its {@code close()} in an async method becomes an await of {@code closeAsync} ({@link ScopeCloses}). */
    static final String TASK_SCOPE = "dev/awaitj/TaskScope";
    /** A stream producer's emitter: the stage its {@code emit} returns must be awaited. */
    public static final String EMITTER = "dev/awaitj/stream/Emitter";

    /** Its {@code close()} in an async method becomes an await of {@code closeAsync} too. */
    static final String ASYNC_ITERATOR = "dev/awaitj/stream/AsyncIterator";

    static final String SUPPORT = "dev/awaitj/internal/AsyncSupport";
    static final String FRAME = "dev/awaitj/internal/AsyncFrame";
    static final String FUTURE = "dev/awaitj/internal/AsyncFuture";
    static final String BODY = "dev/awaitj/internal/AsyncBody";
    static final String BOOTSTRAP = "dev/awaitj/internal/AsyncBootstrap";
    static final String THREAD_STATE = "dev/awaitj/internal/ThreadState";

    static final String FRAME_DESC = "L" + FRAME + ";";
    static final String STAGE = "java/util/concurrent/CompletionStage";
    static final String COMPLETABLE = "java/util/concurrent/CompletableFuture";

    static final String RESUME_DESC = "(" + FRAME_DESC + ")V";

    public static boolean isAwait(String owner, String name, String desc) {
        return owner.equals(AWAIT_OWNER) && name.equals(AWAIT_NAME)
                && (desc.equals(AWAIT_DESC) || desc.equals(AWAIT_CHECKED_DESC));
    }

    /** Whether a method with this descriptor returns {@code CompletableFuture} or {@code CompletionStage}. */
    public static boolean returnsStage(String methodDesc) {
        String ret = Type.getReturnType(methodDesc).getInternalName();
        return ret.equals(STAGE) || ret.equals(COMPLETABLE);
    }
}
