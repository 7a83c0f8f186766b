def log = new File(basedir, 'build.log').text
assert log =~ /src.main.java.it.Misuse\.java \[12:0\]: \[AwaitInLambda\] await\(\) inside a lambda that returns java.lang.String/
assert log.contains('awaitj: 1 error(s)')
