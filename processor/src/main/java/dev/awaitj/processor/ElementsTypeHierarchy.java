package dev.awaitj.processor;

import dev.awaitj.processor.rewrite.TypeHierarchy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * {@link TypeHierarchy} answered by javac's model of the compilation: classes on the class path
 * and in this compilation alike, including local and anonymous classes, which have no canonical
 * name and are registered by binary name as the source checks meet them.
 */
final class ElementsTypeHierarchy implements TypeHierarchy {
    private final Elements elements;
    private final Map<String, TypeElement> declared;
    private final Map<String, Optional<TypeElement>> cache = new HashMap<>();

    ElementsTypeHierarchy(Elements elements, Map<String, TypeElement> declared) {
        this.elements = elements;
        this.declared = declared;
    }

    private TypeElement find(String internalName) {
        return cache.computeIfAbsent(internalName, this::lookUp).orElse(null);
    }

    private Optional<TypeElement> lookUp(String internalName) {
        String binary = internalName.replace('/', '.');
        TypeElement found = declared.get(binary);
        if (found == null) {
            found = elements.getTypeElement(binary);
        }
        if ((found == null || !hasBinaryName(found, binary)) && binary.indexOf('$') >= 0) {
            found = elements.getTypeElement(binary.replace('$', '.'));
        }
        return found != null && hasBinaryName(found, binary) ? Optional.of(found) : Optional.empty();
    }

    private boolean hasBinaryName(TypeElement type, String binary) {
        return elements.getBinaryName(type).contentEquals(binary);
    }

    @Override
    public boolean isKnown(String internalName) {
        return find(internalName) != null;
    }

    @Override
    public boolean isInterface(String internalName) {
        TypeElement type = find(internalName);
        return type != null && type.getKind().isInterface();
    }

    @Override
    public String superClass(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return null;
        }
        TypeElement type = find(internalName);
        if (type == null || type.getKind().isInterface()) {
            return "java/lang/Object";
        }
        String name = internalName(type.getSuperclass());
        return name == null ? "java/lang/Object" : name;
    }

    @Override
    public List<String> interfaces(String internalName) {
        TypeElement type = find(internalName);
        List<String> names = new ArrayList<>();
        if (type != null) {
            for (TypeMirror implemented : type.getInterfaces()) {
                String name = internalName(implemented);
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public boolean isAccessible(String internalName, String fromClass) {
        if (packageOf(internalName).equals(packageOf(fromClass))) {
            return true;
        }
        TypeElement type = find(internalName);
        if (type == null) {
            return true;
        }
        // The JVM sees protected member classes as public, private ones as package-private.
        if (!type.getModifiers().contains(Modifier.PUBLIC) && !type.getModifiers().contains(Modifier.PROTECTED)) {
            return false;
        }
        ModuleElement module = elements.getModuleOf(type);
        if (module == null || module.isUnnamed()) {
            return true;
        }
        TypeElement from = find(fromClass);
        if (from != null && module.equals(elements.getModuleOf(from))) {
            return true;
        }
        PackageElement pkg = elements.getPackageOf(type);
        for (ModuleElement.Directive directive : module.getDirectives()) {
            if (directive instanceof ModuleElement.ExportsDirective) {
                ModuleElement.ExportsDirective exports = (ModuleElement.ExportsDirective) directive;
                if (exports.getPackage().equals(pkg) && exports.getTargetModules() == null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    private String internalName(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        Element element = ((DeclaredType) type).asElement();
        if (!(element instanceof TypeElement) || element.getKind() == ElementKind.TYPE_PARAMETER) {
            return null;
        }
        return elements.getBinaryName((TypeElement) element).toString().replace('.', '/');
    }
}
