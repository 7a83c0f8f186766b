package dev.awaitj.internal;

/**
 * The resumable copy of one rewritten method. The processor emits a private static synthetic
 * {@code name$async(AsyncFrame)} method next to each async method and obtains an instance of this
 * interface for it through {@link AsyncBootstrap}.
 */
@FunctionalInterface
public interface AsyncBody {
    /** Restores the frame's locals and stack and continues after the await it suspended at. */
    void resume(AsyncFrame<?> frame);
}
