package dev.awaitj.processor.fuzz;

import java.util.Random;

/** The types generated programs compute with: every primitive, boxes, references and arrays. */
enum Ty {
    BOOLEAN("boolean", "Boolean"),
    BYTE("byte", "Byte"),
    SHORT("short", "Short"),
    CHAR("char", "Character"),
    INT("int", "Integer"),
    LONG("long", "Long"),
    FLOAT("float", "Float"),
    DOUBLE("double", "Double"),
    STRING("String", "String"),
    INTEGER("Integer", "Integer"),
    BOX("Box", "Box"),
    OBJECT("Object", "Object"),
    INT_ARRAY("int[]", "int[]"),
    LONG_ARRAY("long[]", "long[]"),
    DOUBLE_ARRAY("double[]", "double[]"),
    STRING_ARRAY("String[]", "String[]");

    static final Ty[] SCALARS = {BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, INTEGER, BOX, OBJECT};
    static final Ty[] ARRAYS = {INT_ARRAY, LONG_ARRAY, DOUBLE_ARRAY, STRING_ARRAY};

    final String source;
    final String boxed;

    Ty(String source, String boxed) {
        this.source = source;
        this.boxed = boxed;
    }

    boolean isArray() {
        return source.endsWith("[]");
    }

    boolean isPrimitive() {
        return this.ordinal() <= DOUBLE.ordinal();
    }

    /** byte, short, char: arithmetic promotes them to int, so results are cast back. */
    boolean isSmall() {
        return this == BYTE || this == SHORT || this == CHAR;
    }

    boolean isNumeric() {
        return this.ordinal() >= BYTE.ordinal() && this.ordinal() <= DOUBLE.ordinal();
    }

    Ty element() {
        switch (this) {
            case INT_ARRAY: return INT;
            case LONG_ARRAY: return LONG;
            case DOUBLE_ARRAY: return DOUBLE;
            case STRING_ARRAY: return STRING;
            default: throw new IllegalArgumentException(name());
        }
    }

    String literal(Random random) {
        int small = random.nextInt(10) == 0 ? 0 : random.nextInt(19) - 9;
        switch (this) {
            case BOOLEAN: return random.nextBoolean() ? "true" : "false";
            case BYTE: return "(byte) " + wrap(Integer.toString(small));
            case SHORT: return "(short) " + wrap(Integer.toString(small * 300));
            case CHAR: return "'" + (char) ('a' + random.nextInt(26)) + "'";
            case INT: return wrap(Integer.toString(random.nextInt(8) == 0 ? random.nextInt() : small));
            case LONG: return wrap((random.nextInt(8) == 0 ? random.nextLong() : small) + "L");
            case FLOAT: return wrap(small + "." + random.nextInt(10) + "f");
            case DOUBLE: return wrap(small + "." + random.nextInt(100));
            case STRING: return "\"" + (char) ('a' + random.nextInt(26)) + random.nextInt(10) + "\"";
            case INTEGER: return "Integer.valueOf(" + small + ")";
            case BOX: return "new Box(" + small + ", \"k\")";
            case OBJECT: return random.nextBoolean() ? "(Object) \"o" + random.nextInt(10) + "\"" : "(Object) " + wrap(Integer.toString(small));
            default: throw new IllegalArgumentException(name());
        }
    }

    private static String wrap(String literal) {
        return literal.startsWith("-") ? "(" + literal + ")" : literal;
    }
}
