package dev.awaitj.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Reads and overwrites class files javac has just written, through the {@link Filer} — the one
 * way that works on the command line, in Maven and in in-memory compilers alike without internal
 * APIs. The Filer allows one write per path, so each class file is written at most once.
 */
final class ClassFiles {
    private final Filer filer;
    private final Elements elements;
    /**
     * When this compilation began, in whole seconds (some file systems keep no finer times): a
     * class file on disk older than that was not written by this compilation.
     */
    private final FileTime compilationStart;
    /** Class files javac wrote next to their source (no {@code -d}), by binary name. */
    private final Map<String, Path> besideSources = new HashMap<>();

    ClassFiles(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
        this.compilationStart = FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Where the class file of {@code type} lives: its package and its name relative to it. */
    private String[] locate(TypeElement type) {
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        String binary = elements.getBinaryName(type).toString();
        String relative = (packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1)) + ".class";
        return new String[] {packageName, relative};
    }

    /**
     * The class file javac has just written for {@code type}, compiled from {@code source}.
     *
     * <p>javac answers {@code getResource} for an output location with a new file object from its
     * file manager. Where that manager keeps class outputs in memory until the build is done
     * (IntelliJ's builder, in-process or forked), the new object reads the disk, which holds the
     * previous build's class or nothing; rewriting that would ship stale code. So a file on disk
     * must exist and be no older than this compilation, or the read is refused.
     *
     * <p>javac without {@code -d} writes each class file next to its source file, while the
     * Filer's class output is then the current directory: when the Filer's file is missing or
     * old and a fresh one lies next to the source, that one is read, and written back there.
     *
     * @throws UnreadableClassFileException when the bytes cannot be javac's fresh output
     */
    byte[] read(TypeElement type, JavaFileObject source) throws IOException {
        String[] at = locate(type);
        FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, at[0], at[1]);
        URI uri = file.toUri();
        if ("file".equals(uri.getScheme())) {
            Path path = Path.of(uri);
            String stale = staleness(path);
            if (stale != null) {
                Path beside = besideSource(source, at[1]);
                if (beside == null || staleness(beside) != null) {
                    throw new UnreadableClassFileException(path, stale
                            + (beside == null ? "" : ", and neither does a fresh " + beside + " next to its source"));
                }
                besideSources.put(elements.getBinaryName(type).toString(), beside);
                return Files.readAllBytes(beside);
            }
        }
        try (InputStream in = file.openInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Why {@code path} cannot be what javac just wrote, or {@code null} if it can. */
    private String staleness(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return "does not exist";
        }
        FileTime written = Files.getLastModifiedTime(path);
        if (written.compareTo(compilationStart) < 0) {
            return "is older than this compilation (last written " + written + ")";
        }
        return null;
    }

    /** Where javac without {@code -d} puts the class file {@code name}: the source's directory. */
    private static Path besideSource(JavaFileObject source, String name) {
        if (source == null || !"file".equals(source.toUri().getScheme())) {
            return null;
        }
        Path parent = Path.of(source.toUri()).getParent();
        return parent == null ? null : parent.resolve(name);
    }

    void write(TypeElement type, byte[] bytes) throws IOException {
        Path beside = besideSources.get(elements.getBinaryName(type).toString());
        if (beside != null) {
            Files.write(beside, bytes); // the Filer's output is elsewhere: back where javac wrote it
            return;
        }
        String[] at = locate(type);
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, at[0], at[1], type);
        try (OutputStream out = file.openOutputStream()) {
            out.write(bytes);
        }
    }

    /**
     * Deletes the class file javac wrote for a class whose rewrite failed, so that an incremental
     * build cannot ship it unrewritten. {@code FileObject.delete()} refuses on Filer objects; the
     * file is deleted through its URI when it is a real file.
     */
    void delete(TypeElement type) {
        try {
            Path beside = besideSources.get(elements.getBinaryName(type).toString());
            if (beside != null) {
                Files.deleteIfExists(beside);
            }
            String[] at = locate(type);
            URI uri = filer.getResource(StandardLocation.CLASS_OUTPUT, at[0], at[1]).toUri();
            if ("file".equals(uri.getScheme())) {
                Files.deleteIfExists(Path.of(uri));
            }
        } catch (IOException | RuntimeException ignored) {
            // The compilation fails with the reported error either way.
        }
    }
}
