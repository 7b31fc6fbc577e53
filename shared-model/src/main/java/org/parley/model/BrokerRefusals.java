package org.parley.model;

/**
 * Markers at the start of the text of a broker refusal, so that a client can tell Parley's own
 * limits apart from Artemis' errors of the same type (the broker and client-core both use them).
 */
public final class BrokerRefusals {

    /**
     * The sender already has as many messages waiting in the recipient's inbox as one sender may
     * (an Artemis "address full" refusal that starts with this text).
     */
    public static final String SENDER_SHARE_FULL = "PARLEY_SENDER_SHARE_FULL";

    /** The message is not persistent; inboxes take only persistent messages. */
    public static final String NOT_PERSISTENT = "PARLEY_NOT_PERSISTENT";

    /** The message is larger than the broker's inbox message limit. */
    public static final String TOO_LARGE = "PARLEY_MESSAGE_TOO_LARGE";

    /** The user holds as many connections to this node as one user may. */
    public static final String TOO_MANY_CONNECTIONS = "PARLEY_TOO_MANY_CONNECTIONS";

    private BrokerRefusals() {}
}
