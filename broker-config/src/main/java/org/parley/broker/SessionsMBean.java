package org.parley.broker;

/**
 * Read-only management view of a node's logged-in users, for placement ({@link
 * BrokerStatusProbe#onlineUserCount}).
 */
public interface SessionsMBean {

    /**
     * Management resource name: {@code ManagementHelper.putAttribute(request, RESOURCE,
     * "onlineUserCount")}.
     */
    String RESOURCE = "parley.sessions";

    /** Distinct users with an inbox consumer on this node (however many connections each has). */
    int getOnlineUserCount();
}
