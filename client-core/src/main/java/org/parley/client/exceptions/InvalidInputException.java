package org.parley.client.exceptions;

/** Input rejected before anything was sent (empty text, bad name, ...). */
public class InvalidInputException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
