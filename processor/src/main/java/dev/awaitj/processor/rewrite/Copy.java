package dev.awaitj.processor.rewrite;

/**
 * The two copies of an async method's body. The entry copy keeps the method's own name and
 * signature and runs until the first real suspension; the resume copy is a private static
 * {@code name$async(AsyncFrame)} that every resumption enters.
 */
enum Copy {
    ENTRY, RESUME
}
