package dev.awaitj.processor.fuzz;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;

/**
 * A generated program: one class of async methods, rendered with JavaPoet twice from the same
 * tree — once importing {@code dev.awaitj.Await.await} (compiled with the processor), once
 * importing {@link BlockingAwait#await} (compiled without it: the oracle). Nothing else differs.
 */
final class GeneratedProgram {
    static final String PACKAGE = "fuzz";
    static final ClassName ASYNC = ClassName.get("dev.awaitj.annotation", "Async");
    static final ClassName AWAIT = ClassName.get("dev.awaitj", "Await");

    /** A generated method; {@code main} is the entry point, the others take {@code int depth} first. */
    static final class Method {
        final String name;
        final boolean isStatic;
        final Ty returns;
        final List<Ty> params;
        final List<Stmt> body = new ArrayList<>();

        Method(String name, boolean isStatic, Ty returns, List<Ty> params) {
            this.name = name;
            this.isStatic = isStatic;
            this.returns = returns;
            this.params = params;
        }
    }

    final long seed;
    final String className;
    final List<Method> methods = new ArrayList<>();

    GeneratedProgram(long seed) {
        this.seed = seed;
        this.className = "P" + Long.toUnsignedString(seed, 36);
    }

    String qualifiedName() {
        return PACKAGE + "." + className;
    }

    /** The source, awaiting through the awaitj runtime, or through {@link BlockingAwait} for the oracle. */
    String source(boolean oracle) {
        TypeSpec.Builder type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addField(FieldSpec.builder(int.class, "sCount", Modifier.STATIC).build())
                .addField(FieldSpec.builder(int.class, "iCount").build());
        for (Method method : methods) {
            type.addMethod(render(method));
        }
        return JavaFile.builder(PACKAGE, type.build())
                .addStaticImport(oracle ? ClassName.get(BlockingAwait.class) : AWAIT, "await")
                .addStaticImport(ClassName.get(FuzzRuntime.class), "*")
                .addStaticImport(ClassName.get(CompletableFuture.class), "completedFuture")
                .indent("    ")
                .build()
                .toString();
    }

    private MethodSpec render(Method method) {
        MethodSpec.Builder spec = MethodSpec.methodBuilder(method.name)
                .addAnnotation(ASYNC)
                .returns(ParameterizedTypeName.get(ClassName.get(CompletableFuture.class), boxedName(method.returns)));
        if (method.isStatic) {
            spec.addModifiers(Modifier.STATIC);
        }
        if (method.name.equals("main")) {
            spec.addModifiers(Modifier.PUBLIC);
        } else {
            spec.addParameter(int.class, "depth");
            for (int i = 0; i < method.params.size(); i++) {
                spec.addParameter(typeName(method.params.get(i)), "p" + i);
            }
        }
        CodeBlock.Builder body = CodeBlock.builder();
        Stmt.renderAll(method.body, body);
        return spec.addCode(body.build()).build();
    }

    static TypeName typeName(Ty type) {
        switch (type) {
            case BOOLEAN: return TypeName.BOOLEAN;
            case BYTE: return TypeName.BYTE;
            case SHORT: return TypeName.SHORT;
            case CHAR: return TypeName.CHAR;
            case INT: return TypeName.INT;
            case LONG: return TypeName.LONG;
            case FLOAT: return TypeName.FLOAT;
            case DOUBLE: return TypeName.DOUBLE;
            case STRING: return ClassName.get(String.class);
            case INTEGER: return ClassName.get(Integer.class);
            case BOX: return ClassName.get(FuzzRuntime.Box.class);
            case OBJECT: return ClassName.OBJECT;
            default: return ArrayTypeName.of(typeName(type.element()));
        }
    }

    static TypeName boxedName(Ty type) {
        return type.isPrimitive() ? typeName(type).box() : typeName(type);
    }
}
