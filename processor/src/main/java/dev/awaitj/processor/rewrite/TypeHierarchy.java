package dev.awaitj.processor.rewrite;

/**
 * What the rewrite needs to know about classes it does not load: their superclass, whether they
 * are interfaces, and whether the class being rewritten may name them. Answered from
 * {@code javax.lang.model} during compilation ({@code ElementsTypeHierarchy}) — never by loading
 * classes, which an annotation processor cannot do for the classes it is compiling.
 *
 * <p>Names are internal names ({@code java/util/List}).
 */
public interface TypeHierarchy {

    /** Whether the class is known to this hierarchy at all. */
    boolean isKnown(String internalName);

    /** Whether the class is an interface; false for unknown classes. */
    boolean isInterface(String internalName);

    /**
     * The superclass's internal name; {@code null} for {@code java/lang/Object}; {@code
     * java/lang/Object} for interfaces and unknown classes.
     */
    String superClass(String internalName);

    /** The direct superinterfaces' internal names; empty for unknown classes. */
    java.util.List<String> interfaces(String internalName);

    /**
     * Whether code in {@code fromClass} may name {@code internalName} in a {@code checkcast}:
     * public and exported, or in the same package. Unknown classes count as accessible.
     */
    boolean isAccessible(String internalName, String fromClass);

    /** Whether {@code sub} is {@code sup} or inherits from it (classes and interfaces). */
    default boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java/lang/Object")) {
            return true;
        }
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        pending.add(sub);
        while (!pending.isEmpty()) {
            String next = pending.poll();
            if (!seen.add(next) || !isKnown(next)) {
                continue;
            }
            if (next.equals(sup)) {
                return true;
            }
            String superClass = superClass(next);
            if (superClass != null) {
                pending.add(superClass);
            }
            pending.addAll(interfaces(next));
        }
        return false;
    }

    /**
     * The most specific class both classes extend, as the JVM verifier sees it: {@code
     * java/lang/Object} when either is an interface.
     */
    default String commonSuperClass(String a, String b) {
        if (isSubtype(b, a)) {
            return a;
        }
        if (isSubtype(a, b)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        String candidate = a;
        while (candidate != null && !isSubtype(b, candidate)) {
            candidate = superClass(candidate);
        }
        return candidate == null ? "java/lang/Object" : candidate;
    }
}
