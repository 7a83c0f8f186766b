package dev.awaitj.vertx.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The framework recipes in README.md and docs/runtime.md are the code that the recipe tests
 * compile and run: each line of a block marked {@code <!-- recipe: path -->} must be found, in
 * order and indentation aside, within the lines of the source file it names (relative to the
 * repository root).
 * An edit to a recipe that is not made in its test, or the other way round, fails here.
 */
class DocsRecipesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern RECIPE = Pattern.compile("<!-- recipe: (\\S+) -->\\s*\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void everyMarkedRecipeIsInTheSourceThatItsTestRuns() throws IOException {
        int recipes = 0;
        for (String doc : List.of("README.md", "docs/runtime.md")) {
            Matcher recipe = RECIPE.matcher(Files.readString(ROOT.resolve(doc)));
            while (recipe.find()) {
                recipes++;
                List<String> source = trimmedLines(Files.readString(ROOT.resolve(recipe.group(1))));
                int at = 0;
                for (String line : trimmedLines(recipe.group(2))) {
                    int found = indexFrom(source, line, at);
                    String where = doc + " recipe from " + recipe.group(1);
                    assertTrue(found >= 0, () -> where + ": this line is not in the source (after the lines before it): " + line);
                    at = found + 1;
                }
            }
        }
        assertEquals(4, recipes, "recipes marked in README.md and docs/runtime.md");
    }

    private static int indexFrom(List<String> lines, String line, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(line)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> trimmedLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
