package dev.awaitj.processor.classfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Class files by internal name ({@code java/util/List}), looked up in class folders and jars in
 * order, then in the running JDK. Nothing is loaded: the bytes are only read, so classes that are
 * being compiled (and may not link yet) are as good as any.
 *
 * <pre>{@code
 * try (ClassPath path = ClassPath.of(List.of(Path.of("target/classes"), Path.of("lib/dep.jar")))) {
 *     byte[] list = path.read("java/util/List").orElseThrow();
 * }
 * }</pre>
 */
public final class ClassPath implements AutoCloseable {
    private final List<Path> folders = new ArrayList<>();
    private final List<ZipFile> jars = new ArrayList<>();
    private final Map<String, Optional<byte[]>> cache = new HashMap<>();

    private ClassPath() {
    }

    /** Folders and jars in lookup order; entries that do not exist are skipped. */
    public static ClassPath of(List<Path> entries) throws IOException {
        ClassPath path = new ClassPath();
        try {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    path.folders.add(entry);
                } else if (Files.isRegularFile(entry)) {
                    path.jars.add(new ZipFile(entry.toFile()));
                }
            }
        } catch (IOException e) {
            path.close();
            throw e;
        }
        return path;
    }

    /** The class file of {@code internalName}, if any entry or the JDK has it. */
    public Optional<byte[]> read(String internalName) {
        return cache.computeIfAbsent(internalName, this::find);
    }

    private Optional<byte[]> find(String internalName) {
        String file = internalName + ".class";
        try {
            for (Path folder : folders) {
                Path candidate = folder.resolve(file);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(Files.readAllBytes(candidate));
                }
            }
            for (ZipFile jar : jars) {
                ZipEntry entry = jar.getEntry(file);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return Optional.of(in.readAllBytes());
                    }
                }
            }
            // The platform loader sees the JDK's modules, not the tool's own class path.
            try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(file)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Whether {@code internalName} comes from the running JDK rather than the given entries. */
    boolean isJdkClass(String internalName) {
        String file = internalName + ".class";
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve(file))) {
                return false;
            }
        }
        for (ZipFile jar : jars) {
            if (jar.getEntry(file) != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ZipFile jar : jars) {
            try {
                jar.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
