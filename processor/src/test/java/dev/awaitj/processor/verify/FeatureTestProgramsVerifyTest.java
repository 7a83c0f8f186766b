package dev.awaitj.processor.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every class the rewrite produces for the feature tests passes both verifiers — also the methods
 * those tests never run. The test programs are taken from the feature tests' own sources: each
 * {@code Programs.load/compile("name", source, ...)} call whose arguments are string literals (or
 * constants holding one) is compiled again with the processor, and every class it yields is
 * checked by ASM's verifier and linked by the JVM. New feature tests are covered without edits here.
 */
class FeatureTestProgramsVerifyTest {
    private static final Path FEATURE_TESTS = Path.of("src/test/java/dev/awaitj/processor");

    /** One extracted program: where it is, and its (name, source) pairs. */
    private record Program(String where, List<String> namesAndSources) {
    }

    @TestFactory
    Stream<DynamicTest> everyRewrittenClassOfTheFeatureTestsVerifies() throws IOException {
        List<Program> programs = extract();
        assertTrue(programs.size() >= 5, "found the feature tests' programs: " + programs.size());
        return programs.stream().map(program -> DynamicTest.dynamicTest(program.where, () -> {
            List<JavaFileObject> files = new ArrayList<>();
            for (int i = 0; i < program.namesAndSources.size(); i += 2) {
                files.add(JavaFileObjects.forSourceString(program.namesAndSources.get(i), program.namesAndSources.get(i + 1)));
            }
            Compilation compilation = InMemoryCompiler.withProcessor(files);
            String diagnostics = compilation.diagnostics().toString();
            assertFalse(diagnostics.contains("[AwaitjInternalError]"), diagnostics);
            if (compilation.status() != Compilation.Status.SUCCESS) {
                return; // a diagnostics test: nothing was written
            }
            InMemoryCompiler.Loader loader = new InMemoryCompiler.Loader(InMemoryCompiler.classFiles(compilation));
            assertFalse(loader.classes().isEmpty());
            assertEquals(List.of(), BytecodeVerifier.verify(loader), program.where);
        }));
    }

    private static List<Program> extract() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Path> sources;
        try (Stream<Path> listing = Files.list(FEATURE_TESTS)) {
            sources = listing.filter(p -> p.toString().endsWith("Test.java")).sorted().toList();
        }
        List<Program> programs = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            for (Path source : sources) {
                JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                        files.getJavaFileObjects(source));
                for (CompilationUnitTree unit : task.parse()) {
                    programs.addAll(programsIn(source.getFileName().toString(), unit, Trees.instance(task)));
                }
            }
        }
        return programs;
    }

    private static List<Program> programsIn(String file, CompilationUnitTree unit, Trees trees) {
        Map<String, String> constants = new HashMap<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree variable, Void unused) {
                if (variable.getInitializer() instanceof LiteralTree literal && literal.getValue() instanceof String value) {
                    constants.put(variable.getName().toString(), value);
                }
                return super.visitVariable(variable, unused);
            }
        }.scan(unit, null);
        List<Program> programs = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
                if (call.getMethodSelect() instanceof MemberSelectTree select
                        && select.getExpression().toString().equals("Programs")
                        && (select.getIdentifier().contentEquals("load") || select.getIdentifier().contentEquals("compile"))
                        && call.getArguments().size() % 2 == 0) {
                    List<String> values = new ArrayList<>();
                    for (ExpressionTree argument : call.getArguments()) {
                        String value = constant(argument, constants);
                        if (value == null) {
                            return super.visitMethodInvocation(call, unused);
                        }
                        values.add(value);
                    }
                    long line = unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, call));
                    programs.add(new Program(file + ":" + line + " " + values.get(0), values));
                }
                return super.visitMethodInvocation(call, unused);
            }
        }.scan(unit, null);
        return programs;
    }

    private static String constant(ExpressionTree tree, Map<String, String> constants) {
        if (tree instanceof LiteralTree literal && literal.getValue() instanceof String value) {
            return value;
        }
        if (tree instanceof IdentifierTree identifier) {
            return constants.get(identifier.getName().toString());
        }
        return null;
    }
}
