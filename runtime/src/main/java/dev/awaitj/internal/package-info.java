/**
 * What rewritten {@code @Async} methods call. Not API: names and signatures here change together
 * with the processor that emits calls to them.
 *
 * <p>A rewritten method returns an {@link dev.awaitj.internal.AsyncFuture}. If it never really
 * suspends, that future is created completed when the body returns. At the first real suspension
 * it creates one {@link dev.awaitj.internal.AsyncFrame} — the future it returns, the spilled
 * locals and operand stack, and the callback registered on the awaited stage — and reuses it for
 * every later suspension. Resumption runs through the per-thread
 * {@link dev.awaitj.internal.Trampoline}, so stacks never grow with the number of resumptions.
 * Each call looks up its {@link dev.awaitj.internal.ThreadState} once as it starts and gives its
 * caller back the thread's carrier when it returns, done or suspended, so the context values it
 * binds stay with it ({@link dev.awaitj.internal.TaskSlot}).
 */
package dev.awaitj.internal;
