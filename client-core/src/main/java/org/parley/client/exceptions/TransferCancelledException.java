package org.parley.client.exceptions;

/** The user cancelled a file transfer. */
public final class TransferCancelledException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public TransferCancelledException(String name) {
        super("Sending " + name + " was cancelled.");
    }
}
