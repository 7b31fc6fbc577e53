package org.parley.client.exceptions;

/** The server has no such group, or this user is not (or no longer) a member. */
public class UnknownGroupException extends ParleyException {
    private static final long serialVersionUID = 1L;

    public UnknownGroupException(String groupId) {
        super("There is no group " + groupId + " that you are a member of.");
    }
}
