// The processor stayed quiet under ECJ, and the goals rewrote the main and the test classes.
def log = new File(basedir, 'build.log').text
assert !log.contains('[AwaitjUnsupportedCompiler]')
assert log.contains('[AwaitjEclipseCompiler]')
assert !(log =~ /ERROR.*\[Awaitj/)
assert log =~ /awaitj: [1-9]\d* of \d+ changed class files rewritten, 0 already rewritten, in \d+ ms \(.*target.classes\)/
assert log =~ /awaitj: 1 of \d+ changed class files rewritten, 0 already rewritten, in \d+ ms \(.*test-classes\)/
assert log.contains('Tests run: 3, Failures: 0, Errors: 0')
