package org.parley.client.exceptions;

import org.jspecify.annotations.Nullable;

/** The auth server (or every broker) could not be reached, timed out, or said it is unavailable. */
public class ServerUnavailableException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String server;

    public ServerUnavailableException(String server, @Nullable Throwable cause) {
        this(server, "The Parley server at " + server + " is not reachable.", cause);
    }

    private ServerUnavailableException(String server, String message, @Nullable Throwable cause) {

        super(message, cause);
        this.server = server;
    }

    /**
     * The server answered, but said it cannot serve now (HTTP 502/503/504: its database is down, it
     * is busy).
     */
    public static ServerUnavailableException answeredUnavailable(String server) {
        return new ServerUnavailableException(
                server,
                "The Parley server at "
                        + server
                        + " is unavailable right now. Try again in a moment.",
                null);
    }

    public String server() {
        return server;
    }
}
