package dev.awaitj.processor.fuzz;

import java.util.List;

/** Placeholder; replaced below. */
final class Minimizer {
    static String report(Differential.Finding finding) {
        return finding.program.source(false);
    }
}
