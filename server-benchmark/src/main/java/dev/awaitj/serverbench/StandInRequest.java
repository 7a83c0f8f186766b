package dev.awaitj.serverbench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Vert.x's request and response in the heap harness, made before the first heap
 * reading: it answers what the handlers call ({@code response()}, {@code end}, {@code ended},
 * {@code headWritten}, {@code closeHandler}, {@code setStatusCode}) and keeps what they give it,
 * as the real response keeps its close handler, so that it counts for the variant.
 */
final class StandInRequest implements InvocationHandler {
    private final AtomicInteger answered;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private Object closeHandler;
    private boolean ended;

    private StandInRequest(AtomicInteger answered) {
        this.answered = answered;
        ClassLoader loader = StandInRequest.class.getClassLoader();
        request = (HttpServerRequest) Proxy.newProxyInstance(loader, new Class<?>[] {HttpServerRequest.class}, this);
        response = (HttpServerResponse) Proxy.newProxyInstance(loader, new Class<?>[] {HttpServerResponse.class}, this);
    }

    static HttpServerRequest create(AtomicInteger answered) {
        return new StandInRequest(answered).request;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "response":
                return response;
            case "end":
                ended = true;
                answered.incrementAndGet();
                return Future.succeededFuture();
            case "ended":
                return ended;
            case "headWritten":
                return false;
            case "closeHandler":
                closeHandler = args[0];
                return proxy;
            case "setStatusCode":
                return proxy;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "stand-in " + (proxy == request ? "request" : "response") + (closeHandler != null ? " (closeHandler set)" : "");
            default:
                throw new UnsupportedOperationException(method.getName() + " is not in the heap harness's stand-in");
        }
    }
}
