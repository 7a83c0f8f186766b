package dev.awaitj.internal;

import java.lang.reflect.Method;

/**
 * The {@link AsyncBody} {@link AsyncBootstrap} links: it runs the generated resume method and
 * knows, for diagnostics, which class and user method it belongs to and the source line of each
 * suspension point (read lazily from the {@link Rewritten} annotation of the resume method).
 */
final class ResumableBody implements AsyncBody {
    private final AsyncBody target;
    private final Class<?> owner;
    private final String resumeName;
    private volatile Rewritten info;
    private volatile boolean looked;

    ResumableBody(AsyncBody target, Class<?> owner, String resumeName) {
        this.target = target;
        this.owner = owner;
        this.resumeName = resumeName;
    }

    @Override
    public void resume(AsyncFrame<?> frame) {
        target.resume(frame);
    }

    /** The body that runs the resume method itself, without this wrapper's call in between. */
    static AsyncBody code(AsyncBody body) {
        return body instanceof ResumableBody ? ((ResumableBody) body).target : body;
    }

    /** Where the method waits in state {@code state}, as a stack trace element. */
    StackTraceElement location(int state) {
        Rewritten rewritten = info();
        String method = resumeName.endsWith("$async")
                ? resumeName.substring(0, resumeName.length() - "$async".length())
                : resumeName;
        String file = null;
        int line = -1;
        if (rewritten != null) {
            if (!rewritten.method().isEmpty()) {
                method = rewritten.method();
            }
            if (!rewritten.file().isEmpty()) {
                file = rewritten.file();
            }
            int[] lines = rewritten.awaitLines();
            if (state >= 1 && state <= lines.length) {
                line = lines[state - 1];
            }
        }
        return new StackTraceElement(owner.getName(), method, file, line);
    }

    private Rewritten info() {
        if (!looked) {
            try {
                Method resume = owner.getDeclaredMethod(resumeName, AsyncFrame.class);
                info = resume.getAnnotation(Rewritten.class);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
                info = null;
            }
            looked = true;
        }
        return info;
    }

    @Override
    public String toString() {
        return owner.getName() + "." + resumeName;
    }
}
