package dev.awaitj.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code invokedynamic} bootstrap behind every suspension point: it links the site to one
 * {@link AsyncBody} per resume method, so a method with many awaits spins one lambda class, not
 * one per await. The body it links also knows the class, method and await lines of the resume
 * method (from its {@link Rewritten} annotation), which the suspended-task dump and async stack
 * traces print.
 */
public final class AsyncBootstrap {
    private static final MethodType BODY_FACTORY = MethodType.methodType(AsyncBody.class);
    private static final MethodType RESUME = MethodType.methodType(void.class, AsyncFrame.class);

    private static final ClassValue<Map<String, AsyncBody>> BODIES = new ClassValue<>() {
        @Override
        protected Map<String, AsyncBody> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private AsyncBootstrap() {
    }

    /**
     * Bootstrap method: {@code resume} is a direct handle to the caller's
     * {@code static void name$async(AsyncFrame)}.
     */
    public static CallSite body(MethodHandles.Lookup caller, String name, MethodType type,
            MethodHandle resume) throws Throwable {
        String key = caller.revealDirect(resume).getName();
        Map<String, AsyncBody> bodies = BODIES.get(caller.lookupClass());
        AsyncBody body = bodies.get(key);
        if (body == null) {
            CallSite factory = LambdaMetafactory.metafactory(
                    caller, "resume", BODY_FACTORY, RESUME, resume, RESUME);
            AsyncBody created = new ResumableBody(
                    (AsyncBody) factory.getTarget().invokeExact(), caller.lookupClass(), key);
            AsyncBody raced = bodies.putIfAbsent(key, created);
            body = raced != null ? raced : created;
        }
        return new ConstantCallSite(MethodHandles.constant(AsyncBody.class, body).asType(type));
    }
}
