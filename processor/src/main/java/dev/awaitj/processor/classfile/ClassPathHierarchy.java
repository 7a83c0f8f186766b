package dev.awaitj.processor.classfile;

import dev.awaitj.processor.rewrite.TypeHierarchy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * {@link TypeHierarchy} answered from class-file headers on a {@link ClassPath}: what the
 * rewrite needs to compute frames when no compiler's model is at hand (after ECJ, or on any
 * compiled output).
 */
final class ClassPathHierarchy implements TypeHierarchy {
    private final ClassPath classPath;
    private final Map<String, Optional<Header>> headers = new HashMap<>();

    /** Access flags, superclass and interfaces of one class, as its class file states them. */
    private static final class Header {
        final int access;
        final String superName;
        final List<String> interfaces;

        Header(ClassReader reader) {
            this.access = reader.getAccess();
            this.superName = reader.getSuperName();
            this.interfaces = Arrays.asList(reader.getInterfaces());
        }
    }

    ClassPathHierarchy(ClassPath classPath) {
        this.classPath = classPath;
    }

    private Header header(String internalName) {
        return headers.computeIfAbsent(internalName,
                name -> classPath.read(name).map(bytes -> new Header(new ClassReader(bytes)))).orElse(null);
    }

    @Override
    public boolean isKnown(String internalName) {
        return header(internalName) != null;
    }

    @Override
    public boolean isInterface(String internalName) {
        Header header = header(internalName);
        return header != null && (header.access & Opcodes.ACC_INTERFACE) != 0;
    }

    @Override
    public String superClass(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return null;
        }
        Header header = header(internalName);
        if (header == null || (header.access & Opcodes.ACC_INTERFACE) != 0 || header.superName == null) {
            return "java/lang/Object";
        }
        return header.superName;
    }

    @Override
    public List<String> interfaces(String internalName) {
        Header header = header(internalName);
        return header == null ? List.of() : header.interfaces;
    }

    @Override
    public boolean isAccessible(String internalName, String fromClass) {
        if (packageOf(internalName).equals(packageOf(fromClass))) {
            return true;
        }
        Header header = header(internalName);
        if (header == null) {
            return true;
        }
        if ((header.access & Opcodes.ACC_PUBLIC) == 0) {
            return false;
        }
        return !classPath.isJdkClass(internalName) || jdkPackageExported(internalName);
    }

    /** A public JDK class is accessible only if its module exports its package to everyone. */
    private static boolean jdkPackageExported(String internalName) {
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return type.getModule().isExported(type.getPackageName());
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
