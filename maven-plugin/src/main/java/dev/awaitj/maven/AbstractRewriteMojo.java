package dev.awaitj.maven;

import dev.awaitj.processor.classfile.ClassFileRewrite;
import dev.awaitj.processor.classfile.ClassPath;
import dev.awaitj.processor.classfile.Problem;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.Scanner;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Rewrites the {@code @Async} methods of one class folder in place. Only the class files the
 * {@link BuildContext} reports as changed are read (in Eclipse: those JDT has just written; on the
 * command line: all of them), and only those that change are written, through the build context,
 * so m2e sees them and the workspace build does not loop: a class written by the processor or by
 * an earlier run is marked and left as it is. Misuse is reported on the source line, as markers in
 * the IDE and as errors that fail the build.
 */
abstract class AbstractRewriteMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Component
    BuildContext buildContext;

    /** Suspensions save every local in scope, for debugging (the processor's -Aawaitj.debugLocals=true). */
    @Parameter(property = "awaitj.debugLocals", defaultValue = "false")
    boolean debugLocals;

    @Parameter(property = "awaitj.skip", defaultValue = "false")
    boolean skip;

    abstract Path classFolder();

    abstract List<String> classPath() throws MojoExecutionException;

    abstract List<String> sourceRoots();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path folder = classFolder();
        if (skip || !Files.isDirectory(folder)) {
            return;
        }
        long started = System.nanoTime();
        Scanner scanner = buildContext.newScanner(folder.toFile());
        scanner.setIncludes(new String[] {"**/*.class"});
        scanner.scan();
        String[] changed = scanner.getIncludedFiles();
        List<Path> entries = new ArrayList<>();
        entries.add(folder);
        for (String element : classPath()) {
            Path entry = Path.of(element);
            if (!entry.equals(folder)) {
                entries.add(entry);
            }
        }
        int rewritten = 0;
        int already = 0;
        int errors = 0;
        try (ClassPath path = ClassPath.of(entries)) {
            ClassFileRewrite rewrite = new ClassFileRewrite(path, debugLocals);
            for (String relative : changed) {
                Path file = folder.resolve(relative);
                ClassFileRewrite.Outcome outcome = rewrite.rewrite(Files.readAllBytes(file));
                for (Problem problem : outcome.problems()) {
                    report(problem);
                    errors += problem.kind() == javax.tools.Diagnostic.Kind.ERROR ? 1 : 0;
                }
                if (outcome.bytes() != null) {
                    try (OutputStream out = buildContext.newFileOutputStream(file.toFile())) {
                        out.write(outcome.bytes());
                    }
                    rewritten++;
                } else if (outcome.alreadyRewritten()) {
                    already++;
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("awaitj: rewriting " + folder + " failed: " + e, e);
        }
        getLog().info(String.format("awaitj: %d of %d changed class files rewritten, %d already rewritten,"
                + " in %d ms (%s)", rewritten, changed.length, already, (System.nanoTime() - started) / 1_000_000,
                folder));
        if (errors > 0) {
            throw new MojoFailureException("awaitj: " + errors + " error(s) in " + folder + "; see above");
        }
    }

    /**
     * As a marker on the source line when the source is found (the command line's build context
     * logs it), else in the build log.
     */
    private void report(Problem problem) {
        File source = sourceFile(problem.sourcePath());
        boolean error = problem.kind() == javax.tools.Diagnostic.Kind.ERROR;
        if (source != null) {
            buildContext.addMessage(source, problem.line(), 0, problem.message(),
                    error ? BuildContext.SEVERITY_ERROR : BuildContext.SEVERITY_WARNING, null);
        } else if (error) {
            getLog().error(problem.toString());
        } else {
            getLog().warn(problem.toString());
        }
    }

    private File sourceFile(String sourcePath) {
        for (String root : sourceRoots()) {
            File candidate = new File(root, sourcePath);
            if (candidate.isFile()) {
                return candidate;
            }
        }
        return null;
    }
}
