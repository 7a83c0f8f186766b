package dev.awaitj.processor.fuzz;

import dev.awaitj.processor.fuzz.GeneratedProgram.Method;
import dev.awaitj.processor.fuzz.Stmt.Compound;
import dev.awaitj.processor.fuzz.Stmt.Line;
import dev.awaitj.processor.fuzz.Stmt.Segment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Generates a random, valid, terminating program from a seed: a few async methods that call one
 * another (recursion bounded by a {@code depth} argument and a global fuel counter), whose bodies
 * put {@code await} in every position DESIGN.md lists. Loops run at most a few times and their
 * counters are never assigned in the body, so deleting any statement (the minimizer does) still
 * leaves a terminating program.
 */
final class ProgramGenerator {
    private static final int MAX_NESTING = 3;
    private static final int EXPR_DEPTH = 2;

    private record Var(String name, Ty type, boolean mutable) {
    }

    private final Random random;
    private final GeneratedProgram program;
    private int fresh;

    // the method being generated
    private Method method;
    private final List<Var> vars = new ArrayList<>();
    private final Deque<String> loopLabels = new ArrayDeque<>();
    private int loops;
    private boolean breakable;
    private boolean awaitAllowed = true;
    private int nesting;
    /** What a {@code return} in the code being generated returns: the method's type, or an async lambda's. */
    private Ty returns;
    private int lambdas;
    /** The emitter of the stream producer being generated, or {@code null} outside producers. */
    private String emitter;

    private ProgramGenerator(long seed) {
        this.random = new Random(seed);
        this.program = new GeneratedProgram(seed);
    }

    static GeneratedProgram generate(long seed) {
        return new ProgramGenerator(seed).program();
    }

    private GeneratedProgram program() {
        int helpers = 1 + random.nextInt(2);
        for (int i = 0; i < helpers; i++) {
            List<Ty> params = new ArrayList<>();
            for (int p = random.nextInt(4); p > 0; p--) {
                params.add(random.nextInt(6) == 0 ? pick(Ty.ARRAYS) : pick(Ty.SCALARS));
            }
            program.methods.add(new Method("m" + i, random.nextInt(3) != 0, pick(Ty.SCALARS), params));
        }
        Method main = new Method("main", true, Ty.STRING, List.of());
        for (Method m : program.methods) {
            body(m);
        }
        program.methods.add(main);
        body(main);
        return program;
    }

    // ---------------------------------------------------------------- methods and statements

    private void body(Method m) {
        method = m;
        returns = m.returns;
        lambdas = 0;
        vars.clear();
        loopLabels.clear();
        loops = 0;
        breakable = false;
        nesting = 0;
        fresh = 0;
        List<Stmt> body = m.body;
        if (m.name.equals("main")) {
            body.add(new Line("sCount = 0"));
            body.add(new Line("int depth = 3"));
            body.add(new Line(program.className + " self = new " + program.className + "()"));
            vars.add(new Var("depth", Ty.INT, false));
        } else {
            vars.add(new Var("depth", Ty.INT, false));
            for (int i = 0; i < m.params.size(); i++) {
                vars.add(new Var("p" + i, m.params.get(i), true));
            }
        }
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            body.add(declaration(pick(Ty.SCALARS)));
        }
        if (random.nextInt(2) == 0) {
            body.add(arrayDeclaration(pick(Ty.ARRAYS)));
        }
        if (m.name.equals("main")) {
            for (Method helper : program.methods) {
                if (helper != m && random.nextInt(4) != 0) {
                    body.add(call(helper));
                }
            }
        }
        statements(body, 2 + random.nextInt(4));
        body.add(new Line("lT(\"end " + m.name + "\", join(" + liveValues() + "))"));
        body.add(new Line("return " + returnValue()));
    }

    private String liveValues() {
        List<String> names = new ArrayList<>();
        for (Var var : vars) {
            names.add(var.type.isArray() ? "java.util.Arrays.toString(" + var.name + ")" : var.name);
        }
        if (!method.isStatic) {
            names.add("iCount");
        }
        names.add("sCount");
        return String.join(", ", names);
    }

    private String returnValue() {
        Ty type = method.returns;
        int choice = random.nextInt(10);
        if (choice < 2 && !method.name.equals("main")) {
            Method callee = callable(type);
            if (callee != null) {
                return "depth > 0 && fuel() ? " + receiver(callee) + callee.name + "(" + arguments(callee)
                        + ") : completedFuture(" + type.literal(random) + ")";
            }
        }
        if (choice < 4) {
            return stageOf(type, expr(type, 2));
        }
        return "completedFuture(" + expr(type, EXPR_DEPTH) + ")";
    }

    /** Appends about {@code count} statements, keeping declarations in scope until the list ends. */
    private void statements(List<Stmt> out, int count) {
        int scope = vars.size();
        for (int i = 0; i < count; i++) {
            statement(out);
        }
        truncate(scope);
    }

    private List<Stmt> block(int count) {
        nesting++;
        List<Stmt> out = new ArrayList<>();
        statements(out, count);
        nesting--;
        return out;
    }

    private void truncate(int size) {
        while (vars.size() > size) {
            vars.remove(vars.size() - 1);
        }
    }

    private void statement(List<Stmt> out) {
        if (emitter != null && awaitAllowed && random.nextInt(4) == 0) {
            out.add(new Line("await(" + emitter + ".emit(" + expr(Ty.INT, 1) + "))"));
            return;
        }
        boolean compound = nesting < MAX_NESTING;
        int choice = random.nextInt(compound ? 30 : 14);
        switch (choice) {
            case 0, 1 -> out.add(declaration(pick(Ty.SCALARS)));
            case 2 -> lateDeclaration(out);
            case 3, 4 -> out.add(assignment());
            case 5 -> out.add(arrayUpdate());
            case 6, 7 -> out.add(new Line(logOf(pick(Ty.SCALARS), label("s"), EXPR_DEPTH)));
            case 8 -> out.add(new Line("sCount += " + expr(Ty.INT, 2)));
            case 9 -> out.add(random.nextBoolean() ? guardedJump() : call());
            case 10 -> out.add(awaitAllowed ? new Line(awaitOf(pick(Ty.SCALARS), 1))
                    : assignment());
            case 11 -> out.add(awaitAllowed && !method.isStatic
                    ? new Line("iCount += " + expr(Ty.INT, 2)) : assignment());
            case 12 -> out.add(arrayDeclaration(pick(Ty.ARRAYS)));
            case 13 -> out.add(new Line("assert " + expr(Ty.BOOLEAN, 1) + " || true : \"" + label("a") + "\""));
            case 14, 15 -> out.add(ifStatement());
            case 16 -> out.add(forLoop());
            case 17 -> out.add(whileLoop());
            case 18 -> out.add(enhancedFor());
            case 19, 20 -> out.add(switchStatement());
            case 21, 22 -> out.add(tryStatement());
            case 23 -> out.add(tryWithResources());
            case 24 -> out.add(checkedTry());
            case 25 -> out.add(random.nextInt(25) == 0 ? manyLocals() : Compound.of("", block(1 + random.nextInt(2))));
            case 26 -> out.add(synchronizedBlock());
            case 27 -> out.add(doWhile());
            case 28 -> out.add(labeledNest());
            case 29 -> out.add(call());
            default -> out.add(ifStatement());
        }
    }

    private Stmt declaration(Ty type) {
        String name = name("v");
        Line line = new Line(type.source + " " + name + " = " + expr(type, EXPR_DEPTH));
        vars.add(new Var(name, type, true));
        return line;
    }

    /** {@code T x;} now, assigned a few statements later: x is unset (TOP) at the awaits in between. */
    private void lateDeclaration(List<Stmt> out) {
        Ty type = pick(Ty.SCALARS);
        String name = name("u");
        out.add(new Line(type.source + " " + name));
        for (int i = random.nextInt(3); i > 0; i--) {
            simpleStatement(out);
        }
        out.add(new Line(name + " = " + expr(type, EXPR_DEPTH)));
        vars.add(new Var(name, type, true));
    }

    private void simpleStatement(List<Stmt> out) {
        switch (random.nextInt(3)) {
            case 0 -> out.add(assignment());
            case 1 -> out.add(new Line(logOf(pick(Ty.SCALARS), label("s"), 2)));
            default -> out.add(declaration(pick(Ty.SCALARS)));
        }
    }

    private Stmt arrayDeclaration(Ty type) {
        String name = name("a");
        Ty element = type.element();
        String init;
        if (random.nextBoolean()) {
            StringBuilder items = new StringBuilder();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                items.append(items.length() == 0 ? "" : ", ").append(expr(element, 2));
            }
            init = "new " + element.source + "[] {" + items + "}";
        } else {
            init = "new " + element.source + "[1 + idx(" + expr(Ty.INT, 2) + ", 3)]";
            if (element == Ty.STRING) {
                init = "fill(" + init + ")";
            }
        }
        vars.add(new Var(name, type, true));
        return new Line(type.source + " " + name + " = " + init);
    }

    private Stmt assignment() {
        Var target = mutable(null);
        if (target == null) {
            return declaration(pick(Ty.SCALARS));
        }
        Ty type = target.type;
        String name = target.name;
        if (type.isArray()) {
            return new Line(name + " = " + (random.nextBoolean() ? name : name + ".clone()"));
        }
        return new Line(update(name, type));
    }

    /** {@code x = e}, {@code x op= e}, {@code x++}: whatever the type allows. */
    private String update(String target, Ty type) {
        int choice = random.nextInt(6);
        if (type.isNumeric() && choice == 0) {
            return random.nextBoolean() ? target + "++" : "--" + target;
        }
        if (choice <= 2 || !(type.isNumeric() || type == Ty.STRING || type == Ty.BOOLEAN)) {
            return target + " = " + expr(type, EXPR_DEPTH);
        }
        String op;
        if (type == Ty.STRING) {
            op = "+=";
        } else if (type == Ty.BOOLEAN) {
            op = pick(new String[] {"&=", "|=", "^="});
        } else if (type == Ty.FLOAT || type == Ty.DOUBLE) {
            op = pick(new String[] {"+=", "-=", "*=", "/="});
        } else {
            op = pick(new String[] {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>>="});
        }
        Ty operand = type == Ty.STRING ? pick(Ty.SCALARS) : type == Ty.BOOLEAN ? Ty.BOOLEAN
                : op.startsWith("<") || op.startsWith(">") ? Ty.INT : type.isSmall() ? Ty.INT : type;
        return target + " " + op + " " + expr(operand, 2);
    }

    private Stmt arrayUpdate() {
        Var array = arrayVar(null);
        if (array == null) {
            return arrayDeclaration(pick(Ty.ARRAYS));
        }
        String element = array.name + "[idx(" + expr(Ty.INT, 2) + ", " + array.name + ".length)]";
        return new Line(update(element, array.type.element()));
    }

    private Stmt guardedJump() {
        String condition = condition(2);
        int choice = random.nextInt(6);
        if (choice == 0 || !breakable && choice < 3) {
            return new Line("if (" + condition + ") throw new Boom(\"" + label("t") + "\")");
        }
        if (choice == 5 || !breakable) {
            return new Line("if (" + condition + ") return completedFuture(" + expr(returns, 2) + ")");
        }
        if (loops > 0 && random.nextBoolean()) {
            if (!loopLabels.isEmpty() && random.nextBoolean()) {
                return new Line("if (" + condition + ") continue " + pick(new ArrayList<>(loopLabels)));
            }
            return new Line("if (" + condition + ") continue");
        }
        if (!loopLabels.isEmpty() && random.nextBoolean()) {
            return new Line("if (" + condition + ") break " + pick(new ArrayList<>(loopLabels)));
        }
        return new Line("if (" + condition + ") break");
    }

    private Stmt ifStatement() {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment("if (" + condition(EXPR_DEPTH) + ")", block(1 + random.nextInt(2))));
        if (random.nextInt(3) == 0) {
            segments.add(new Segment("else if (" + condition(2) + ")", block(1 + random.nextInt(2))));
        }
        if (random.nextBoolean()) {
            segments.add(new Segment("else", block(1 + random.nextInt(2))));
        }
        return new Compound(segments, null);
    }

    private String loopLabel() {
        return random.nextInt(3) == 0 ? name("L") : null;
    }

    private Compound loop(String label, String header, boolean doWhile, String trailer) {
        if (label != null) {
            loopLabels.push(label);
        }
        boolean wasBreakable = breakable;
        loops++;
        breakable = true;
        List<Stmt> body = block(1 + random.nextInt(2));
        breakable = wasBreakable;
        loops--;
        if (label != null) {
            loopLabels.pop();
        }
        String prefix = label == null ? "" : label + ": ";
        return new Compound(new ArrayList<>(List.of(new Segment(prefix + header, body))), doWhile ? trailer : null);
    }

    /** {@code for (int i = await(..); i < min(3, await(..)); i++, x += await(..))}: awaits in the header. */
    private Stmt forLoop() {
        String i = name("i");
        String header = "for (int " + i + " = " + choose("0", awaitOr(Ty.INT, "0"), "idx(" + expr(Ty.INT, 1) + ", 2)")
                + "; " + i + " < 1 + idx(" + expr(Ty.INT, 2) + ", 3)" + (random.nextInt(3) == 0 ? " && " + condition(1) : "")
                + "; " + i + "++";
        Var counter = mutable(Ty.INT);
        if (counter != null && random.nextBoolean()) {
            header += ", " + counter.name + " += " + expr(Ty.INT, 1);
        }
        header += ")";
        String label = loopLabel();
        int scope = vars.size();
        vars.add(new Var(i, Ty.INT, false));
        Compound loop = loop(label, header, false, null);
        truncate(scope);
        return loop;
    }

    private Stmt whileLoop() {
        String guard = name("w");
        String label = loopLabel();
        Compound loop = loop(label, "while (" + guard + "++ < 3 && " + condition(2) + ")", false, null);
        return block(new Line("int " + guard + " = 0"), loop);
    }

    private Stmt doWhile() {
        String guard = name("w");
        String label = loopLabel();
        Compound loop = loop(label, "do", true, "while (" + guard + "++ < 2 && " + condition(2) + ")");
        return block(new Line("int " + guard + " = 0"), loop);
    }

    private Stmt block(Stmt... statements) {
        return Compound.of("", new ArrayList<>(List.of(statements)));
    }

    private Stmt enhancedFor() {
        Var array = arrayVar(null);
        String name = name("e");
        String header;
        Ty element;
        if (array != null && random.nextBoolean()) {
            element = array.type.element();
            header = "for (" + element.source + " " + name + " : " + array.name + ")";
        } else {
            element = random.nextBoolean() ? Ty.INT : Ty.STRING;
            String items = expr(element, 2) + ", " + expr(element, 1);
            header = element == Ty.INT
                    ? "for (int " + name + " : new int[] {" + items + "})"
                    : "for (String " + name + " : java.util.List.of(" + items + "))";
        }
        int scope = vars.size();
        vars.add(new Var(name, element, true));
        Compound loop = loop(loopLabel(), header, false, null);
        truncate(scope);
        return loop;
    }

    /** Two labeled loops, the inner one jumping to the outer. */
    private Stmt labeledNest() {
        String outer = name("L");
        String i = name("i");
        String j = name("j");
        loopLabels.push(outer);
        loops++;
        boolean wasBreakable = breakable;
        breakable = true;
        int scope = vars.size();
        vars.add(new Var(i, Ty.INT, false));
        nesting++;
        List<Stmt> innerBody = new ArrayList<>();
        vars.add(new Var(j, Ty.INT, false));
        innerBody.add(new Line("if (" + condition(2) + ") continue " + outer));
        statements(innerBody, 1 + random.nextInt(2));
        innerBody.add(new Line("if (" + condition(1) + ") break " + outer));
        vars.remove(vars.size() - 1);
        List<Stmt> outerBody = new ArrayList<>();
        outerBody.add(Compound.of("for (int " + j + " = 0; " + j + " < 2; " + j + "++)", innerBody));
        statements(outerBody, random.nextInt(2));
        nesting--;
        truncate(scope);
        breakable = wasBreakable;
        loops--;
        loopLabels.pop();
        return Compound.of(outer + ": for (int " + i + " = 0; " + i + " < " + awaitOr(Ty.INT, "2") + "; " + i + "++)", outerBody);
    }

    private Stmt switchStatement() {
        boolean wasBreakable = breakable;
        breakable = true;
        String selector;
        List<String> cases = new ArrayList<>();
        int kind = random.nextInt(3);
        if (kind == 0) {
            selector = "idx(" + expr(Ty.INT, 2) + ", 4)";
            cases.addAll(List.of("case 0:", "case 1:", "case 2:"));
        } else if (kind == 1) {
            selector = choose("\"x\"", "\"Aa\"", "\"BB\"", "\"z\"");
            selector = random.nextBoolean() ? awaitOr(Ty.STRING, selector) : "lT(\"" + label("k") + "\", " + selector + ")";
            cases.addAll(List.of("case \"x\":", "case \"Aa\":", "case \"BB\":"));
        } else {
            selector = random.nextBoolean() && awaitAllowed ? "await(sE(Color." + pick(new String[] {"RED", "GREEN", "BLUE"}) + "))"
                    : "Color.values()[idx(" + expr(Ty.INT, 2) + ", 3)]";
            cases.addAll(List.of("case RED:", "case GREEN:"));
        }
        cases.add("default:");
        List<Segment> arms = new ArrayList<>();
        for (String label : cases) {
            if (random.nextInt(4) == 0 && !label.equals("default:")) {
                continue;
            }
            List<Stmt> body = block(1 + random.nextInt(2));
            if (random.nextBoolean()) {
                body.add(new Line("break"));
            }
            arms.add(new Segment(label, body));
        }
        breakable = wasBreakable;
        return new Stmt.Switch(selector, arms);
    }

    private Stmt tryStatement() {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment("try", block(1 + random.nextInt(2))));
        boolean handled = false;
        if (random.nextInt(4) != 0) {
            String e = name("x");
            String types = choose("Boom", "ArithmeticException", "Boom | ArithmeticException", "RuntimeException");
            List<Stmt> handler = new ArrayList<>();
            handler.add(new Line("caught(\"" + label("c") + "\", " + e + ")"));
            handler.addAll(block(random.nextInt(2)));
            segments.add(new Segment("catch (" + types + " " + e + ")", handler));
            handled = true;
        }
        if (!handled || random.nextBoolean()) {
            segments.add(new Segment("finally", block(1 + random.nextInt(2))));
        }
        return new Compound(segments, null);
    }

    private Stmt tryWithResources() {
        String first = name("r");
        StringBuilder header = new StringBuilder("try (Res " + first + " = new Res(\"" + first + "\", "
                + expr(pick(Ty.SCALARS), 2) + ", " + (random.nextInt(8) == 0) + ")");
        if (random.nextBoolean()) {
            String second = name("r");
            header.append("; Res ").append(second).append(" = new Res(\"").append(second).append("\", ")
                    .append(expr(pick(Ty.SCALARS), 2)).append(", ").append(random.nextInt(8) == 0).append(")");
        }
        header.append(")");
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(header.toString(), block(1 + random.nextInt(2))));
        if (random.nextBoolean()) {
            String e = name("x");
            List<Stmt> handler = new ArrayList<>();
            handler.add(new Line("caught(\"" + label("c") + "\", " + e + ")"));
            segments.add(new Segment("catch (Boom " + e + ")", handler));
        }
        return new Compound(segments, null);
    }

    /** {@code await(stage, CheckedBoom.class)} inside {@code try { } catch (CheckedBoom e)}. */
    private Stmt checkedTry() {
        if (!awaitAllowed) {
            return assignment();
        }
        Ty type = pick(Ty.SCALARS);
        String name = name("v");
        String stage = random.nextBoolean() ? "failChecked(\"" + label("f") + "\", " + type.boxed + ".class)"
                : stageOf(type, expr(type, 1));
        List<Stmt> body = new ArrayList<>();
        body.add(new Line(type.source + " " + name + " = await(" + stage + ", CheckedBoom.class)"));
        int scope = vars.size();
        vars.add(new Var(name, type, true));
        nesting++;
        statements(body, random.nextInt(2));
        nesting--;
        truncate(scope);
        String e = name("x");
        List<Stmt> handler = new ArrayList<>(List.of(new Line("caught(\"" + label("c") + "\", " + e + ")")));
        return new Compound(new ArrayList<>(List.of(new Segment("try", body),
                new Segment("catch (CheckedBoom " + e + ")", handler))), null);
    }

    /**
     * A block with more than 256 local slots, live across an await: spilling and restoring them
     * needs wide loads and stores.
     */
    private Stmt manyLocals() {
        List<Stmt> body = new ArrayList<>();
        int count = 130 + random.nextInt(20);
        StringBuilder sum = new StringBuilder();
        String prefix = name("w");
        for (int i = 0; i < count; i++) {
            String type = i % 3 == 0 ? "double" : "long";
            body.add(new Line(type + " " + prefix + "_" + i + " = " + (i % 3 == 0 ? i + ".5" : i + "L")));
            sum.append(i == 0 ? "" : " + ").append(prefix).append('_').append(i);
        }
        if (awaitAllowed) {
            body.add(new Line("lI(\"" + label("w") + "\", " + awaitOf(Ty.INT, 1) + ")"));
        }
        body.add(new Line(prefix + "_1 += " + (awaitAllowed ? "await(sJ(1L))" : "1L")));
        body.add(new Line("lD(\"" + label("w") + "\", " + sum + ")"));
        return Compound.of("", body);
    }

    /** Synchronized code may not await: its body is generated without awaits and async calls. */
    private Stmt synchronizedBlock() {
        boolean was = awaitAllowed;
        awaitAllowed = false;
        List<Stmt> body = block(1 + random.nextInt(2));
        awaitAllowed = was;
        return Compound.of("synchronized (" + program.className + ".class)", body);
    }

    // ---------------------------------------------------------------- expressions

    /** An expression of {@code type}, at most {@code depth} levels deep. */
    private String expr(Ty type, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return leaf(type);
        }
        int d = depth - 1;
        int generic = random.nextInt(20);
        if (awaitAllowed) {
            switch (generic) {
                case 0, 1, 2:
                    return wrapSmall(type, awaitOf(type, d));
                case 3:
                    if (random.nextInt(8) == 0) {
                        return wrapSmall(type, "await(fail(\"" + label("f") + "\", " + type.boxed + ".class))");
                    }
                    break;
                case 19:
                    if (nesting < MAX_NESTING && lambdas < 2) {
                        return wrapSmall(type, asyncLambda(type));
                    }
                    break;
                case 18:
                    if (type == Ty.INT && nesting < MAX_NESTING && lambdas < 2 && emitter == null) {
                        return stream();
                    }
                    break;
                case 4: {
                    Method callee = callable(type);
                    if (callee != null) {
                        return wrapSmall(type, "(depth > 0 && fuel() ? await(" + receiver(callee) + callee.name + "("
                                + arguments(callee) + ")) : " + type.literal(random) + ")");
                    }
                    break;
                }
                default:
                    break;
            }
        }
        switch (generic) {
            case 5:
                return wrapSmall(type, logOf(type, label("l"), d));
            case 6:
                return wrapSmall(type, "(" + condition(d) + " ? " + expr(type, d) + " : " + expr(type, d) + ")");
            case 7:
                return switchExpression(type, d);
            case 8: {
                Var target = mutable(type);
                if (target != null && type != Ty.BOX && type != Ty.OBJECT && type != Ty.INTEGER) {
                    return "(" + update(target.name, type) + ")";
                }
                break;
            }
            case 9: {
                Var array = arrayVar(type);
                if (array != null) {
                    return array.name + "[idx(" + expr(Ty.INT, d) + ", " + array.name + ".length)]";
                }
                break;
            }
            default:
                break;
        }
        return specific(type, d);
    }

    private String switchExpression(Ty type, int d) {
        StringBuilder out = new StringBuilder("switch (");
        if (random.nextBoolean()) {
            out.append("idx(").append(expr(Ty.INT, d)).append(", 3)) { case 0 -> ").append(firstArm(type, d))
                    .append("; case 1 -> ");
        } else {
            out.append(expr(Ty.STRING, d)).append(") { case \"Aa\", \"BB\" -> ").append(firstArm(type, d))
                    .append("; case \"c3\" -> ");
        }
        if (random.nextBoolean()) {
            String y = name("y");
            out.append("{ ").append(type.source).append(' ').append(y).append(" = ").append(expr(type, d))
                    .append("; l").append(code(type)).append("(\"").append(label("b")).append("\", ").append(y).append("); yield ")
                    .append(y).append("; }");
        } else {
            out.append(expr(type, d)).append(";");
        }
        out.append(" default -> ").append(expr(type, d)).append("; }");
        return wrapSmall(type, "(" + out + ")");
    }

    /**
     * {@code await(async(T.class, () -> { ...; return completedFuture(e); }))}: an async lambda,
     * which sees only {@code depth} (effectively final) and its own locals.
     */
    private String asyncLambda(Ty type) {
        String body = lambdaBody(type, null, statements -> {
            statements(statements, 1 + random.nextInt(3));
            statements.add(new Line("return " + (random.nextInt(4) == 0 ? stageOf(type, expr(type, 2))
                    : "completedFuture(" + expr(type, 2) + ")")));
        });
        return "await(async(" + type.boxed + ".class, () -> {\n" + body + "}))";
    }

    /**
     * The rendered body of a lambda that sees only {@code depth} (effectively final) and its own
     * locals, returns {@code lambdaReturns}, and emits to {@code lambdaEmitter} (null: not a producer); the
     * generator's state outside the lambda is restored afterwards.
     */
    private String lambdaBody(Ty lambdaReturns, String lambdaEmitter, java.util.function.Consumer<List<Stmt>> fill) {
        List<Var> savedVars = new ArrayList<>(vars);
        List<String> savedLabels = new ArrayList<>(loopLabels);
        int savedLoops = loops;
        boolean savedBreakable = breakable;
        Ty savedReturns = returns;
        String savedEmitter = emitter;
        vars.removeIf(var -> !var.name.equals("depth"));
        loopLabels.clear();
        loops = 0;
        breakable = false;
        returns = lambdaReturns;
        emitter = lambdaEmitter;
        lambdas++;
        nesting++;
        List<Stmt> body = new ArrayList<>();
        fill.accept(body);
        nesting--;
        lambdas--;
        emitter = savedEmitter;
        returns = savedReturns;
        breakable = savedBreakable;
        loops = savedLoops;
        loopLabels.clear();
        for (int i = savedLabels.size() - 1; i >= 0; i--) {
            loopLabels.push(savedLabels.get(i));
        }
        vars.clear();
        vars.addAll(savedVars);
        com.squareup.javapoet.CodeBlock.Builder code = com.squareup.javapoet.CodeBlock.builder();
        Stmt.renderAll(body, code);
        return code.build().toString();
    }

    /**
     * An int computed from an async stream: a producer (an async lambda that awaits, emits inside
     * loops, try/catch/finally and switch, and may throw or return early) consumed by a terminal
     * operation, often one that stops early ({@code take}, {@code takeWhile}, {@code first}), so
     * the producer's {@code finally} blocks run at its emit. The oracle runs the same producer
     * with blocking awaits: a synchronous consumer takes each value at once.
     */
    private String stream() {
        String out = name("out");
        String body = lambdaBody(Ty.INT, out, statements -> {
            statements(statements, 1 + random.nextInt(3));
            statements.add(new Line("await(" + out + ".emit(" + expr(Ty.INT, 1) + "))"));
            statements(statements, random.nextInt(2));
            statements.add(new Line("return completedFuture(" + expr(Ty.INT, 1) + ")"));
        });
        String produced = "dev.awaitj.stream.AsyncStream.<Integer>of(" + out + " -> {\n" + body + "})";
        String fold = ".fold(0, (a, b) -> lI(\"" + label("c") + "\", a * 31 + b))";
        String c = label("c");
        switch (random.nextInt(7 + 22)) {
            case 0:
                return "await(" + produced + ".take(" + (1 + random.nextInt(3)) + ")" + fold + ")";
            case 1:
                return "await(" + produced + ".takeWhile(v -> v % 5 != 2)" + fold + ")";
            case 2:
                return "await(" + produced + ".first()).orElse(-7)";
            case 3:
                return "(int) (long) await(" + produced + ".drop(1).count())";
            case 4:
                return "await(" + produced + ".map(v -> v + 1).filter(v -> v % 3 != 0).toList()).hashCode()";
            case 5:
                return "await(" + produced + ".mapAsync(v -> sI(v * 2))" + fold + ")";
            case 6:
                return "await(" + produced + fold + ")";
            // Kotlin Flow's sequential operators and terminals (issue 19): the oracle runs them
            // with blocking awaits, as a synchronous consumer that takes each value at once
            case 7:
                return "await(" + produced + ".scan(1, (a, b) -> a * 3 + b).take(" + (1 + random.nextInt(4)) + ")" + fold + ")";
            case 8:
                return "await(" + produced + ".dropWhile(v -> v % 3 == 0).distinctUntilChanged(v -> v % 4)" + fold + ")";
            case 9:
                return "await(" + produced + ".withIndex().map(iv -> (int) iv.index() * 100 + iv.value())" + fold + ")";
            case 10:
                return "await(" + produced + ".chunked(" + (1 + random.nextInt(3)) + ").map(java.util.List::hashCode)" + fold + ")";
            case 11:
                return "await(" + produced + ".onEach(v -> lI(\"" + c + "e\", v)).filterAsync(v -> sZ(v % 2 == 0))" + fold + ")";
            case 12:
                return "await(" + produced + ".onEachAsync(v -> sI(lI(\"" + c + "a\", v))).distinctUntilChanged()" + fold + ")";
            case 13:
                return "await(" + produced + ".onStart(o -> o.emit(lI(\"" + c + "s\", 5))).onCompletion((e, o) -> e == null"
                        + " ? o.emit(lI(\"" + c + "n\", 9)) : completedFuture(lI(\"" + c + "f\", 1)))" + tail() + ")";
            case 14:
                return "await(" + produced + ".catchError((e, o) -> o.emit(lI(\"" + c + "x\", -1)))" + tail() + ")";
            case 15:
                return "await(" + produced + ".retry(" + random.nextInt(3) + ")" + tail() + ")";
            case 16:
                return "await(" + produced + ".retryWhen((e, n) -> sZ(lJ(\"" + c + "r\", n) < 1)).catchError((e, o) -> o.emit(-3))"
                        + fold + ")";
            case 17:
                return "await(" + produced + ".last()).orElse(-7)";
            case 18:
                return "await(" + produced + ".single())";
            case 19:
                return "java.util.Objects.requireNonNullElse(await(" + produced + ".firstOrNull()), -7)";
            case 20:
                return "await(" + produced + ".first(v -> v % 2 == 0)).orElse(-7)";
            case 21:
                return "(await(" + produced + "." + pick(new String[] {"any", "all", "none"}) + "(v -> v % 3 == 1)) ? 1 : 0)";
            case 22:
                return "await(" + produced + ".toSet()).hashCode()";
            case 23:
                return "await(" + produced + ".toMap(v -> v % 3, v -> v)).hashCode()";
            case 24:
                return "await(" + produced + ".collect(java.util.stream.Collectors.summingInt(v -> lI(\"" + c + "k\", v))))";
            case 25:
                return "await(dev.awaitj.stream.AsyncStream.generate(() -> sI(lI(\"" + c + "g\", 3))).take(2).concat(" + produced
                        + ")" + fold + ")";
            case 26:
                return "await(" + produced + ".onCompletion((e, o) -> completedFuture(lI(\"" + c + "t\", e == null ? 0 : 1)))"
                        + ".take(" + (1 + random.nextInt(2)) + ")" + fold + ")";
            case 27:
                return "await(" + produced + ".scan(0, (a, b) -> a + b).dropWhile(v -> v < 3).first()).orElse(-7)";
            default:
                return "(await(" + produced + ".chunked(2).map(l -> l.get(0)).any(v -> v % 2 == 0)) ? 1 : 0)";
        }
    }

    /** A terminal that may stop the producer early or take everything. */
    private String tail() {
        String fold = ".fold(0, (a, b) -> lI(\"" + label("c") + "\", a * 31 + b))";
        return random.nextBoolean() ? fold : ".take(" + (1 + random.nextInt(3)) + ")" + fold;
    }

    /** A condition that depends on the program's values, so both branches happen. */
    private String condition(int depth) {
        int choice = random.nextInt(10);
        if (choice < 6) {
            Ty operand = pick(new Ty[] {Ty.INT, Ty.INT, Ty.LONG, Ty.DOUBLE, Ty.CHAR, Ty.BYTE, Ty.SHORT, Ty.FLOAT});
            return "(" + expr(operand, Math.max(0, depth - 1)) + " " + pick(new String[] {"<", "<=", ">", ">=", "==", "!="})
                    + " " + operand.literal(random) + ")";
        }
        if (choice < 8 && depth > 0) {
            return "(" + condition(depth - 1) + " " + pick(new String[] {"&&", "||"}) + " " + condition(depth - 1) + ")";
        }
        return expr(Ty.BOOLEAN, depth);
    }

    /** An expression of exactly {@code type}, never its box: a cast may convert it to another primitive. */
    private String exact(Ty type, int depth) {
        return type.isPrimitive() ? "((" + type.source + ") " + expr(type, depth) + ")" : expr(type, depth);
    }

    /**
     * javac (17 and 25) miscompiles a boolean switch expression whose arms are all constants when
     * it stands in a condition (it crashes, or writes invalid bytecode): the first arm of a
     * boolean switch expression is never a constant.
     */
    private String firstArm(Ty type, int d) {
        return type == Ty.BOOLEAN ? logOf(Ty.BOOLEAN, label("l"), d) : expr(type, d);
    }

    /** Ternaries, switch expressions and boxed results of small types are cast back, so the type is exact. */
    private static String wrapSmall(Ty type, String expression) {
        return type.isSmall() || type == Ty.FLOAT ? "((" + type.source + ") " + expression + ")" : expression;
    }

    private String leaf(Ty type) {
        List<Var> candidates = new ArrayList<>();
        for (Var var : vars) {
            if (var.type == type) {
                candidates.add(var);
            }
        }
        if (!candidates.isEmpty() && random.nextInt(4) != 0) {
            return pick(candidates).name;
        }
        return type.literal(random);
    }

    private String specific(Ty type, int d) {
        switch (type) {
            case BOOLEAN: {
                int choice = random.nextInt(9);
                if (choice <= 2) {
                    Ty operand = pick(new Ty[] {Ty.INT, Ty.LONG, Ty.DOUBLE, Ty.CHAR, Ty.BYTE, Ty.FLOAT, Ty.SHORT});
                    return "(" + expr(operand, d) + " " + pick(new String[] {"<", "<=", ">", ">=", "==", "!="}) + " "
                            + expr(operand, d) + ")";
                }
                if (choice <= 5) {
                    return "(" + expr(Ty.BOOLEAN, d) + " " + pick(new String[] {"&&", "||", "^", "&", "|"}) + " "
                            + expr(Ty.BOOLEAN, d) + ")";
                }
                if (choice == 6) {
                    return "!" + expr(Ty.BOOLEAN, d);
                }
                if (choice == 7) {
                    String s = name("s");
                    return "(" + expr(Ty.OBJECT, d) + " instanceof String " + s + " && " + s + ".length() > "
                            + expr(Ty.INT, d) + ")";
                }
                return expr(Ty.STRING, d) + ".equals(" + expr(Ty.STRING, d) + ")";
            }
            case BYTE:
            case SHORT:
                return "((" + type.source + ") " + binary(type, type, d) + ")";
            case CHAR:
                return "((char) (" + expr(Ty.CHAR, d) + " + idx(" + expr(Ty.INT, d) + ", 5)))";
            case INT: {
                int choice = random.nextInt(10);
                if (choice <= 3) {
                    return binary(Ty.INT, Ty.INT, d);
                }
                switch (choice) {
                    case 4: return "(int) " + exact(pick(new Ty[] {Ty.LONG, Ty.DOUBLE, Ty.FLOAT}), d);
                    case 5: return expr(Ty.STRING, d) + ".length()";
                    case 6: return "Math.max(" + expr(Ty.INT, d) + ", " + expr(Ty.INT, d) + ")";
                    case 7: return "applyInt(x -> x * 3 + 1, " + expr(Ty.INT, d) + ")";
                    case 8: return "(" + expr(pick(new Ty[] {Ty.CHAR, Ty.BYTE, Ty.SHORT}), d) + " + " + expr(Ty.INT, d) + ")";
                    default: return expr(Ty.INTEGER, d);
                }
            }
            case LONG: {
                int choice = random.nextInt(6);
                if (choice <= 2) {
                    return binary(Ty.LONG, random.nextBoolean() ? Ty.LONG : Ty.INT, d);
                }
                if (choice == 3) {
                    return "(long) " + exact(Ty.INT, d);
                }
                if (choice == 4) {
                    return "Long.rotateLeft(" + expr(Ty.LONG, d) + ", " + expr(Ty.INT, d) + ")";
                }
                return "Math.round(" + expr(Ty.DOUBLE, d) + ")";
            }
            case FLOAT:
                if (random.nextBoolean()) {
                    return "(float) " + exact(pick(new Ty[] {Ty.INT, Ty.DOUBLE, Ty.LONG}), d);
                }
                return "(" + expr(Ty.FLOAT, d) + " " + pick(new String[] {"+", "-", "*", "/"}) + " " + expr(Ty.FLOAT, d) + ")";
            case DOUBLE:
                if (random.nextInt(3) == 0) {
                    return "(double) " + exact(pick(new Ty[] {Ty.INT, Ty.FLOAT, Ty.LONG}), d);
                }
                return "(" + expr(Ty.DOUBLE, d) + " " + pick(new String[] {"+", "-", "*", "/", "%"}) + " "
                        + expr(random.nextBoolean() ? Ty.DOUBLE : Ty.INT, d) + ")";
            case STRING: {
                int choice = random.nextInt(7);
                switch (choice) {
                    case 0, 1: return "(\"\" + " + expr(pick(Ty.SCALARS), d) + " + " + expr(pick(Ty.SCALARS), d) + ")";
                    case 2: return "join(" + expr(pick(Ty.SCALARS), d) + ", " + expr(pick(Ty.SCALARS), d) + ", "
                            + expr(pick(Ty.SCALARS), d) + ")";
                    case 3: return "String.valueOf((Object) " + exact(pick(Ty.SCALARS), d) + ")";
                    case 4: return expr(Ty.STRING, d) + ".concat(" + expr(Ty.STRING, d) + ")";
                    case 5: return "new StringBuilder(" + expr(Ty.STRING, d) + ").append((Object) " + exact(pick(Ty.SCALARS), d) + ").toString()";
                    default: return "new Box(" + expr(pick(Ty.SCALARS), d) + ", " + expr(pick(Ty.SCALARS), d) + ").toString()";
                }
            }
            case INTEGER:
                return "Integer.valueOf(" + expr(Ty.INT, d) + ")";
            case BOX:
                return "new Box(" + expr(pick(Ty.SCALARS), d) + ", " + expr(pick(Ty.SCALARS), d) + ")";
            case OBJECT:
                return "(Object) " + exact(pick(Ty.SCALARS), d);
            default:
                throw new IllegalArgumentException(type.name());
        }
    }

    /** Integral arithmetic; division and remainder by zero happen, but not often. */
    private String binary(Ty left, Ty right, int d) {
        int choice = random.nextInt(14);
        String operator = choice < 12 ? pick(new String[] {"+", "-", "*", "&", "|", "^", "<<", ">>", ">>>", "+"})
                : choice < 13 ? "/" : "%";
        String divisor = expr(right, d);
        if (choice >= 12 && random.nextInt(3) != 0) {
            divisor = "(" + divisor + " | 1)";
        }
        return "(" + expr(left, d) + " " + operator + " " + divisor + ")";
    }

    // ---------------------------------------------------------------- calls between async methods

    /** {@code T v = depth > 0 && fuel() ? await(m(depth - 1, ...)) : literal;} */
    private Stmt call() {
        List<Method> candidates = new ArrayList<>();
        for (Method m : program.methods) {
            if (!m.name.equals("main") && (m.isStatic || !method.isStatic || method.name.equals("main"))) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty() || !awaitAllowed) {
            return assignment();
        }
        return call(pick(candidates));
    }

    private Stmt call(Method callee) {
        Ty type = callee.returns;
        String name = name("v");
        Line line = new Line(type.source + " " + name + " = " + wrapSmall(type, "(depth > 0 && fuel() ? await("
                + receiver(callee) + callee.name + "(" + arguments(callee) + ")) : " + type.literal(random) + ")"));
        vars.add(new Var(name, type, true));
        return line;
    }

    /** A method returning {@code type} that the current method may call, or null. */
    private Method callable(Ty type) {
        if (!awaitAllowed) {
            return null;
        }
        List<Method> candidates = new ArrayList<>();
        for (Method m : program.methods) {
            if (m.returns == type && !m.name.equals("main") && (m.isStatic || !method.isStatic || method.name.equals("main"))) {
                candidates.add(m);
            }
        }
        return candidates.isEmpty() ? null : pick(candidates);
    }

    private String receiver(Method callee) {
        if (callee.isStatic) {
            return "";
        }
        return method.name.equals("main") ? "self." : "this.";
    }

    private String arguments(Method callee) {
        StringBuilder out = new StringBuilder("depth - 1");
        for (Ty param : callee.params) {
            out.append(", ");
            if (param.isArray()) {
                Var array = arrayVar(param);
                out.append(array != null ? array.name : "new " + param.element().source + "[] {" + expr(param.element(), 1) + "}");
            } else {
                out.append(expr(param, 2));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    private Var mutable(Ty type) {
        List<Var> candidates = new ArrayList<>();
        for (Var var : vars) {
            if (var.mutable && (type == null || var.type == type)) {
                candidates.add(var);
            }
        }
        return candidates.isEmpty() ? null : pick(candidates);
    }

    private Var arrayVar(Ty elementOrArray) {
        List<Var> candidates = new ArrayList<>();
        for (Var var : vars) {
            if (var.type.isArray() && (elementOrArray == null || var.type == elementOrArray
                    || !elementOrArray.isArray() && var.type.element() == elementOrArray)) {
                candidates.add(var);
            }
        }
        return candidates.isEmpty() ? null : pick(candidates);
    }

    /** {@code await(sI(value))} where awaiting is allowed, else the value itself. */
    private String awaitOr(Ty type, String value) {
        return awaitAllowed ? "await(" + stageOf(type, value) + ")" : value;
    }

    /** {@code await(sI(expr))}: the stage makers are typed, not generic, which keeps javac fast. */
    private String awaitOf(Ty type, int depth) {
        return "await(" + stageOf(type, expr(type, depth)) + ")";
    }

    private static String stageOf(Ty type, String value) {
        return "s" + code(type) + "(" + value + ")";
    }

    private String logOf(Ty type, String label, int depth) {
        return "l" + code(type) + "(\"" + label + "\", " + expr(type, depth) + ")";
    }

    /** The suffix of the typed helpers in {@link FuzzRuntime}: sI, lI for int, and so on. */
    private static String code(Ty type) {
        switch (type) {
            case BOOLEAN: return "Z";
            case BYTE: return "B";
            case SHORT: return "S";
            case CHAR: return "C";
            case INT: return "I";
            case LONG: return "J";
            case FLOAT: return "F";
            case DOUBLE: return "D";
            case STRING: return "T";
            case INTEGER: return "N";
            case BOX: return "X";
            case OBJECT: return "O";
            default: throw new IllegalArgumentException(type.name());
        }
    }

    private String name(String prefix) {
        return prefix + (fresh++);
    }

    private String label(String prefix) {
        return method.name + "." + prefix + (fresh++);
    }

    private String choose(String... options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
