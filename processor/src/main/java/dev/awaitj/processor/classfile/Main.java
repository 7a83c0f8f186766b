package dev.awaitj.processor.classfile;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-file rewrite from the command line, for build tools that run a program after
 * compiling: Gradle's task for Eclipse's output folder (README), scripts.
 *
 * <pre>
 * java -cp awaitj-processor.jar dev.awaitj.processor.classfile.Main \
 *      [--classpath DEPENDENCIES] [--debug-locals] CLASS_FOLDER...
 * </pre>
 *
 * Problems are printed as javac prints diagnostics; the exit status is 1 if any is an error,
 * 2 for wrong arguments, 0 otherwise.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without exiting: the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        List<Path> classPath = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        boolean debugLocals = false;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--classpath") || args[i].equals("-cp")) && i + 1 < args.length) {
                for (String entry : args[++i].split(File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        classPath.add(Path.of(entry));
                    }
                }
            } else if (args[i].equals("--debug-locals")) {
                debugLocals = true;
            } else if (args[i].startsWith("-")) {
                return usage(err, "unknown option " + args[i]);
            } else {
                folders.add(Path.of(args[i]));
            }
        }
        if (folders.isEmpty()) {
            return usage(err, "no class folder given");
        }
        boolean errors = false;
        for (Path folder : folders) {
            List<Path> others = new ArrayList<>(folders);
            others.remove(folder);
            others.addAll(classPath);
            FolderRewrite.Summary summary = FolderRewrite.run(folder, others, debugLocals);
            summary.problems().forEach(err::println);
            out.println(summary + " in " + folder);
            errors |= summary.hasErrors();
        }
        return errors ? 1 : 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("awaitj: " + problem);
        err.println("usage: java -cp awaitj-processor.jar " + Main.class.getName()
                + " [--classpath DEPENDENCIES] [--debug-locals] CLASS_FOLDER...");
        return 2;
    }
}
