package org.jetbrains.jps.javac;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * A stand-in for IntelliJ's class of this name, with the same shape where a processor meets it:
 * the environment and its Filer are Proxies defined by this class's loader, implementing the
 * interface and WrapperDelegateAccessor, and the public static unwrap(Class, T) gives the object
 * behind one. createResource calls are recorded, as JPS records them to map outputs to sources.
 */
public class APIWrappers {
    public static final List<String> CREATED = Collections.synchronizedList(new ArrayList<>());

    public interface WrapperDelegateAccessor<T> {
        T getWrapperDelegate();
    }

    public static <T> T unwrap(Class<? extends T> iface, T wrapper) {
        if (wrapper instanceof WrapperDelegateAccessor) {
            Object delegate = ((WrapperDelegateAccessor<?>) wrapper).getWrapperDelegate();
            if (iface.isInstance(delegate)) {
                return iface.cast(delegate);
            }
        }
        return null;
    }

    public static ProcessingEnvironment wrapEnvironment(ProcessingEnvironment env) {
        return wrap(ProcessingEnvironment.class, env);
    }

    private static <T> T wrap(Class<T> iface, T delegate) {
        return iface.cast(Proxy.newProxyInstance(APIWrappers.class.getClassLoader(),
                new Class<?>[] {iface, WrapperDelegateAccessor.class}, new Forwarder(delegate)));
    }

    private static final class Forwarder implements InvocationHandler {
        private final Object delegate;
        private Filer filer;

        Forwarder(Object delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == WrapperDelegateAccessor.class) {
                return delegate;
            }
            if (delegate instanceof ProcessingEnvironment && method.getName().equals("getFiler")) {
                if (filer == null) {
                    filer = wrap(Filer.class, ((ProcessingEnvironment) delegate).getFiler());
                }
                return filer;
            }
            if (delegate instanceof Filer && method.getName().equals("createResource")) {
                CREATED.add(args[1] + "/" + args[2] + " <- " + Arrays.toString((Element[]) args[3]));
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
