def log = new File(basedir, 'build.log').text
assert log =~ /awaitj: 0 of \d+ changed class files rewritten, 1 already rewritten, in \d+ ms \(.*target.classes\)/
assert log =~ /awaitj: 0 of \d+ changed class files rewritten, 1 already rewritten, in \d+ ms \(.*test-classes\)/
assert log.contains('Tests run: 3, Failures: 0, Errors: 0')
