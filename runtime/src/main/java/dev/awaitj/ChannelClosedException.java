package dev.awaitj;

/**
 * Thrown by {@link Channel} operations after {@link Channel#close()}: a send to a closed channel,
 * or a receive from a closed channel that has no items left.
 */
public class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the channel and the operation. */
    public ChannelClosedException(String message) {
        super(message);
    }
}
