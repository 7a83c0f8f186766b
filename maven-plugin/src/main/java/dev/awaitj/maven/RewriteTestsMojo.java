package dev.awaitj.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code awaitj:rewrite-tests}: {@link RewriteMojo} for {@code target/test-classes}. */
@Mojo(name = "rewrite-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class RewriteTestsMojo extends AbstractRewriteMojo {
    @Override
    Path classFolder() {
        return Path.of(project.getBuild().getTestOutputDirectory());
    }

    @Override
    List<String> classPath() throws MojoExecutionException {
        try {
            return project.getTestClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("awaitj: the test class path is not resolved", e);
        }
    }

    @Override
    List<String> sourceRoots() {
        return project.getTestCompileSourceRoots();
    }
}
