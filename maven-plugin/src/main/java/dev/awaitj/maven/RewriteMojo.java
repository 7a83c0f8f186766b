package dev.awaitj.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code awaitj:rewrite}: rewrites the {@code @Async} methods of {@code target/classes} after
 * compiling, for builds whose compiler does not run the processor's rewrite (Eclipse, VS Code).
 * Under javac with the processor the classes are already rewritten, and it changes nothing.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.awaitj</groupId>
 *   <artifactId>awaitj-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions><execution><goals><goal>rewrite</goal><goal>rewrite-tests</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "rewrite", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class RewriteMojo extends AbstractRewriteMojo {
    @Override
    Path classFolder() {
        return Path.of(project.getBuild().getOutputDirectory());
    }

    @Override
    List<String> classPath() throws MojoExecutionException {
        try {
            return project.getCompileClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("awaitj: the compile class path is not resolved", e);
        }
    }

    @Override
    List<String> sourceRoots() {
        return project.getCompileSourceRoots();
    }
}
