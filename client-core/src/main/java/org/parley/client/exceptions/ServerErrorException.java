package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/** Any other error answer from the auth server, carrying its code and status. */
public class ServerErrorException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final @Nullable String code;

    public ServerErrorException(int status, @Nullable String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The server's error code, e.g. {@code invalid_request}; {@code null} if the body had none. */
    public @Nullable String code() {

        return code;
    }
}
