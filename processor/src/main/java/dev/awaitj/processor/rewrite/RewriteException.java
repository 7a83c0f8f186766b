package dev.awaitj.processor.rewrite;

/** A method the rewrite cannot handle; the message names the reason, for a compile error. */
public final class RewriteException extends Exception {
    private static final long serialVersionUID = 1L;

    public RewriteException(String message) {
        super(message);
    }

    public RewriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
