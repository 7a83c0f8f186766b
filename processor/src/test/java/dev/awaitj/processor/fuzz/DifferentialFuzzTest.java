package dev.awaitj.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random programs behave exactly like their blocking oracle, on every path. CI runs a few hundred
 * programs; any number runs with
 *
 * <pre>
 * mvn -pl processor test -Dtest=DifferentialFuzzTest -Dawaitj.fuzz.count=10000 -Dawaitj.fuzz.seed=1
 * </pre>
 *
 * Program {@code i} of a run has seed {@code awaitj.fuzz.seed + i}, so one program is reproduced
 * with {@code -Dawaitj.fuzz.seed=<its seed> -Dawaitj.fuzz.count=1}. A failure prints the seed and
 * the program minimized by deleting statements ({@link Minimizer}).
 */
class DifferentialFuzzTest {
    @Test
    void generatedProgramsBehaveLikeTheirBlockingOracle() {
        long first = Long.getLong("awaitj.fuzz.seed", 20_261_101L);
        int count = Integer.getInteger("awaitj.fuzz.count", 250);
        int batch = Integer.getInteger("awaitj.fuzz.batch", 50);
        long started = System.nanoTime();
        List<Differential.Finding> findings = new ArrayList<>();
        for (int done = 0; done < count; done += batch) {
            List<GeneratedProgram> programs = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + batch); i++) {
                programs.add(ProgramGenerator.generate(first + i));
            }
            findings.addAll(Differential.check(programs));
            if (count > batch) {
                System.out.printf("fuzz: %d/%d programs, %d findings, %.1f s (%s)%n", Math.min(count, done + batch), count,
                        findings.size(), (System.nanoTime() - started) / 1e9, Differential.times());
            }
        }
        System.out.println("fuzz: " + Differential.stats());
        if (!findings.isEmpty()) {
            StringBuilder report = new StringBuilder(findings.size() + " of " + count + " programs failed:\n");
            for (Differential.Finding finding : findings) {
                report.append(finding).append('\n');
            }
            System.out.println(report);
            int minimize = Integer.getInteger("awaitj.fuzz.minimize", 3);
            for (Differential.Finding finding : findings.subList(0, Math.min(minimize, findings.size()))) {
                String minimized = "seed " + finding.program.seed + " " + Minimizer.report(finding);
                System.out.println(minimized);
                report.append(minimized).append('\n');
            }
            fail(report.toString());
        }
    }
}
