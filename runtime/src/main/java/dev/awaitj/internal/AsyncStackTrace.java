package dev.awaitj.internal;

/**
 * Attached in debug mode as a suppressed exception to a failure thrown by an async method after it
 * resumed: its stack trace is the chain of async callers that were awaiting the failing method
 * (innermost first), each at the line of the await it was suspended at. The real stack of such a
 * failure ends in the event loop, so without this you would not see who was waiting for it.
 *
 * <pre>
 * java.lang.IllegalStateException: no such user
 *     at app.Users.find$async(Users.java:41)         real stack
 *     at dev.awaitj.internal.AsyncFrame.run(...)
 *     ...
 *     Suppressed: dev.awaitj.internal.AsyncStackTrace: awaited by
 *         at app.Users.find(Users.java:40)           where the failing method waited
 *         at app.Pages.profile(Pages.java:17)        its awaiting caller, at its await
 *         at app.Main.main(Main.java:9)
 * </pre>
 */
public final class AsyncStackTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AsyncStackTrace(StackTraceElement[] callers) {
        super("awaited by", null, false, true);
        setStackTrace(callers);
    }
}
