package org.parley.client;

/** The auth server (or every broker) could not be reached, timed out, or said it is unavailable. */
public class ServerUnavailableException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String server;

    public ServerUnavailableException(String server, Throwable cause) {
        super("The Parley server at " + server + " is not reachable.", cause);
        this.server = server;
    }

    public String server() {
        return server;
    }
}
