package org.parley.broker;

import java.util.function.IntSupplier;

/**
 * {@link SessionsMBean}: what the auth server balances logins by. Users, not connections: one
 * account opening many connections on a node counts once, so it cannot push other users' logins to
 * another node.
 */
public final class Sessions implements SessionsMBean {

    private final IntSupplier onlineUsers;

    Sessions(IntSupplier onlineUsers) {
        this.onlineUsers = onlineUsers;
    }

    @Override
    public int getOnlineUserCount() {
        return onlineUsers.getAsInt();
    }
}
