package dev.awaitj.processor.fuzz;

import com.squareup.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement of a generated program. Expressions are plain source text; statements stay a tree
 * so that the minimizer can delete them one by one and render the program again.
 */
abstract class Stmt {
    abstract void render(CodeBlock.Builder out);

    /** The statement lists nested in this statement, which the minimizer may shorten. */
    List<List<Stmt>> bodies() {
        return List.of();
    }

    static void renderAll(List<Stmt> statements, CodeBlock.Builder out) {
        for (Stmt statement : statements) {
            statement.render(out);
        }
    }

    /** A simple statement; the text has no trailing semicolon. */
    static final class Line extends Stmt {
        final String code;

        Line(String code) {
            this.code = code;
        }

        @Override
        void render(CodeBlock.Builder out) {
            out.addStatement("$L", code);
        }
    }

    /** One part of a compound statement: {@code header {} body {@code }}. */
    static final class Segment {
        final String header;
        final List<Stmt> body;

        Segment(String header, List<Stmt> body) {
            this.header = header;
            this.body = body;
        }
    }

    /**
     * if/else, loops, try/catch/finally, blocks: segments that continue one another, like
     * {@code if (c) { } else { }}, and an optional trailer ({@code while (c)} of a do-while).
     */
    static final class Compound extends Stmt {
        final List<Segment> segments;
        final String trailer;

        Compound(List<Segment> segments, String trailer) {
            this.segments = segments;
            this.trailer = trailer;
        }

        static Compound of(String header, List<Stmt> body) {
            return new Compound(new ArrayList<>(List.of(new Segment(header, body))), null);
        }

        @Override
        void render(CodeBlock.Builder out) {
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                if (i == 0) {
                    out.beginControlFlow("$L", segment.header);
                } else {
                    out.nextControlFlow("$L", segment.header);
                }
                renderAll(segment.body, out);
            }
            if (trailer == null) {
                out.endControlFlow();
            } else {
                out.endControlFlow("$L", trailer);
            }
        }

        @Override
        List<List<Stmt>> bodies() {
            List<List<Stmt>> bodies = new ArrayList<>();
            for (Segment segment : segments) {
                bodies.add(segment.body);
            }
            return bodies;
        }
    }

    /** A classic switch statement; each arm's body is a block, so locals stay in their arm. */
    static final class Switch extends Stmt {
        final String selector;
        final List<Segment> arms;

        Switch(String selector, List<Segment> arms) {
            this.selector = selector;
            this.arms = arms;
        }

        @Override
        void render(CodeBlock.Builder out) {
            out.beginControlFlow("switch ($L)", selector);
            for (Segment arm : arms) {
                out.add("$L {\n", arm.header).indent();
                renderAll(arm.body, out);
                out.unindent().add("}\n");
            }
            out.endControlFlow();
        }

        @Override
        List<List<Stmt>> bodies() {
            List<List<Stmt>> bodies = new ArrayList<>();
            for (Segment arm : arms) {
                bodies.add(arm.body);
            }
            return bodies;
        }
    }
}
