package org.parley.client.exceptions;

/** The other side sent something that does not follow the Parley protocol. */
public class ProtocolException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
