package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/** The local encrypted profile could not be read or written. */
public class ProfileStoreException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public ProfileStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
