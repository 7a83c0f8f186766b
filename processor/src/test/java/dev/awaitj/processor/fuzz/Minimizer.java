package dev.awaitj.processor.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta-reduces a failing program: deletes statements, biggest first, keeping each deletion after
 * which the program still compiles as an oracle and still fails the same way. Statements inside
 * async lambdas are text and stay.
 */
final class Minimizer {
    private static final int MAX_CHECKS = Integer.getInteger("awaitj.fuzz.minimizeChecks", 400);

    private final Predicate<GeneratedProgram> stillFails;
    private final GeneratedProgram program;
    private int checks;
    private int removed;

    private Minimizer(GeneratedProgram program, Predicate<GeneratedProgram> stillFails) {
        this.program = program;
        this.stillFails = stillFails;
    }

    /** The minimized program (the finding's program, shortened in place) and its failure, as text. */
    static String report(Differential.Finding finding) {
        Minimizer minimizer = new Minimizer(finding.program, candidate -> {
            for (Differential.Finding again : Differential.check(List.of(candidate))) {
                if (again.kind == finding.kind) {
                    return true;
                }
            }
            return false;
        });
        minimizer.run();
        List<Differential.Finding> last = Differential.check(List.of(finding.program));
        String detail = last.isEmpty() ? "(the minimized program no longer fails?)" : last.get(0).detail;
        String source = finding.program.source(false);
        String saved = save(finding.program, source);
        return "minimized (" + minimizer.removed + " statements deleted in " + minimizer.checks + " checks)"
                + saved + ":\n" + source + "\nfailure of the minimized program:\n" + detail;
    }

    private void run() {
        for (GeneratedProgram.Method method : program.methods) {
            reduce(method.body);
        }
    }

    private void reduce(List<Stmt> statements) {
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (i >= statements.size()) {
                continue;
            }
            Stmt statement = statements.get(i);
            if (checks < MAX_CHECKS) {
                statements.remove(i);
                checks++;
                if (stillFails.test(program)) {
                    removed++;
                    continue;
                }
                statements.add(i, statement);
            }
            for (List<Stmt> body : statement.bodies()) {
                reduce(body);
            }
        }
    }

    private static String save(GeneratedProgram program, String source) {
        try {
            Path dir = Path.of("target", "fuzz-findings");
            Files.createDirectories(dir);
            Path file = dir.resolve(program.className + "-seed" + program.seed + ".java");
            Files.writeString(file, source);
            return ", saved to " + file.toAbsolutePath();
        } catch (IOException e) {
            return "";
        }
    }
}
