package dev.awaitj.processor;

import dev.awaitj.processor.rewrite.TypeHierarchy;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** A {@link TypeHierarchy} from loaded classes, for rewriting class files outside javac in tests. */
final class ReflectionTypeHierarchy implements TypeHierarchy {
    private final ClassLoader loader;

    ReflectionTypeHierarchy(ClassLoader loader) {
        this.loader = loader;
    }

    private Class<?> find(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public boolean isKnown(String internalName) {
        return find(internalName) != null;
    }

    @Override
    public boolean isInterface(String internalName) {
        Class<?> type = find(internalName);
        return type != null && type.isInterface();
    }

    @Override
    public String superClass(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return null;
        }
        Class<?> type = find(internalName);
        if (type == null || type.isInterface() || type.getSuperclass() == null) {
            return "java/lang/Object";
        }
        return type.getSuperclass().getName().replace('.', '/');
    }

    @Override
    public List<String> interfaces(String internalName) {
        List<String> names = new ArrayList<>();
        Class<?> type = find(internalName);
        if (type != null) {
            for (Class<?> implemented : type.getInterfaces()) {
                names.add(implemented.getName().replace('.', '/'));
            }
        }
        return names;
    }

    @Override
    public boolean isAccessible(String internalName, String fromClass) {
        Class<?> type = find(internalName);
        return type == null || Modifier.isPublic(type.getModifiers())
                || internalName.substring(0, Math.max(0, internalName.lastIndexOf('/')))
                        .equals(fromClass.substring(0, Math.max(0, fromClass.lastIndexOf('/'))));
    }
}
