package dev.awaitj.processor.fuzz;

/** Development aid: prints generated programs' sizes. */
final class DumpPrograms {
    public static void main(String[] args) throws Exception {
        long seed = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        java.nio.file.Path dir = java.nio.file.Path.of(args[2]);
        java.nio.file.Files.createDirectories(dir.resolve("fuzz"));
        for (int i = 0; i < count; i++) {
            GeneratedProgram p = ProgramGenerator.generate(seed + i);
            String src = p.source(false);
            java.nio.file.Files.writeString(dir.resolve("fuzz/" + p.className + ".java"), src);
            System.out.println(p.className + " " + src.length() + " chars " + src.lines().count() + " lines");
        }
    }
}
