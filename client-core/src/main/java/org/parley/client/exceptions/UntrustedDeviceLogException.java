package org.parley.client.exceptions;

/**
 * A user's device log does not verify against the account key this client trusts for them: an entry
 * the account key did not sign (one the server or someone with its database added) or one that
 * breaks the log's rules. The client refuses the whole list and seals to none of its devices. The
 * message is the warning to show.
 */
public class UntrustedDeviceLogException extends ParleyException {
    private static final long serialVersionUID = 1L;
    private final String user;

    /**
     * @param user whose log it is
     * @param self whether it is the session's own account (the warning then says "your")
     * @param detail the rule the log breaks, a sentence from {@code DeviceChain}
     */
    public UntrustedDeviceLogException(String user, boolean self, String detail) {
        super(
                (self ? "Your device list" : user + "'s device list")
                        + " has an entry "
                        + (self ? "your" : user + "'s")
                        + " account key did not sign or that breaks its rules; Parley will not"
                        + " send to "
                        + (self ? "your" : user + "'s")
                        + " devices. ("
                        + detail
                        + ")");
        this.user = user;
    }

    public String user() {
        return user;
    }
}
