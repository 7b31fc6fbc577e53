package org.parley.broker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.security.impl.SecurityStoreImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.parley.model.Ids;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies revocations the auth server sends to {@value TokenSecurityManager#REVOCATIONS_ADDRESS}
 * (only {@value TokenSecurityManager#SERVICE_USER} may send there): records the user's not-before
 * instant in the {@link RevocationList}, drops Artemis' cached authentication (which would
 * otherwise let the same token in again for up to the security invalidation interval) and closes
 * every connection that user has open on this node.
 *
 * <p>Message properties: {@value #PROP_USER} (String) and {@value #PROP_NOT_BEFORE} (long, epoch
 * ms). The address has no queue, so the message itself is dropped once applied; a malformed one
 * fails the sender's (blocking) send.
 */
final class RevocationPlugin implements BeforeSendPlugin {

    static final String PROP_USER = "user";
    static final String PROP_NOT_BEFORE = "notBefore";

    /**
     * A logout: the token id (jti) of the session, with {@value #PROP_EXPIRES_AT} instead of
     * notBefore.
     */
    static final String PROP_TOKEN_ID = "tokenId";

    static final String PROP_EXPIRES_AT = "expiresAt";

    private static final Logger log = LoggerFactory.getLogger(RevocationPlugin.class);
    private static final SimpleString ADDRESS =
            SimpleString.of(TokenSecurityManager.REVOCATIONS_ADDRESS);

    private final TokenSecurityManager security;
    private final ActiveMQServer server;

    RevocationPlugin(TokenSecurityManager security, ActiveMQServer server) {
        this.security = security;
        this.server = server;
    }

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        if (!ADDRESS.equals(message.getAddressSimpleString())) {
            return;
        }
        // The security manager refuses SEND here to anyone else too; this plugin does not rely on
        // it.
        if (!TokenSecurityManager.SERVICE_USER.equals(session.getValidatedUser())) {
            throw new ActiveMQSecurityException(
                    "Only " + TokenSecurityManager.SERVICE_USER + " may revoke tokens");
        }
        Object user = message.getObjectProperty(PROP_USER);
        Object tokenId = message.getObjectProperty(PROP_TOKEN_ID);
        if (tokenId != null) {
            applyLogout(user, tokenId, message.getObjectProperty(PROP_EXPIRES_AT));
            return;
        }
        Object notBefore = message.getObjectProperty(PROP_NOT_BEFORE);
        if (user == null
                || !Usernames.isValid(user.toString())
                || !(notBefore instanceof Long millis)) {
            throw new ActiveMQIllegalStateException(
                    "A revocation needs a valid '"
                            + PROP_USER
                            + "' and a long '"
                            + PROP_NOT_BEFORE
                            + "'");
        }
        String name = user.toString();
        security.revocations().revoke(name, Instant.ofEpochMilli(millis));
        int closed = closeConnectionsOf(name);
        log.info(
                "Revoked tokens of {} issued before {}; closed {} connection(s)",
                name,
                Instant.ofEpochMilli(millis),
                closed);
    }

    /** One logged-out session: refuse its token id until it expires, close its connections here. */
    private void applyLogout(Object user, Object tokenId, Object expiresAt)
            throws ActiveMQException {
        if (user == null
                || !Usernames.isValid(user.toString())
                || !Ids.isValid(tokenId.toString())
                || !(expiresAt instanceof Long millis)) {
            throw new ActiveMQIllegalStateException(
                    "A logout needs a valid '"
                            + PROP_USER
                            + "', '"
                            + PROP_TOKEN_ID
                            + "' and a long '"
                            + PROP_EXPIRES_AT
                            + "'");
        }
        String name = user.toString();
        security.revocations().revokeToken(tokenId.toString(), Instant.ofEpochMilli(millis));
        int closed = closeConnectionsOf(name);
        log.info(
                "Revoked the logged-out session {} of {}; closed {} connection(s)",
                tokenId,
                name,
                closed);
    }

    /**
     * Drops cached authentications, then fails every connection of {@code user} that was proven
     * with a now revoked token. Connections made with a later token stay (a revocation re-sent
     * after the account was enabled again must not cut its new sessions).
     */
    int closeConnectionsOf(String user) {
        if (server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
            store.invalidateAuthorizationCache();
        }
        List<RemotingConnection> doomed = new ArrayList<>();
        for (ServerSession session : server.getSessions()) {
            RemotingConnection connection = session.getRemotingConnection();
            if (user.equals(session.getValidatedUser())
                    && !doomed.contains(connection)
                    && (connection.getSubject() == null
                            || security.isRevoked(connection.getSubject()))) {
                doomed.add(connection);
            }
        }
        for (RemotingConnection connection : doomed) {
            server.getRemotingService().removeConnection(connection.getID());
            connection.fail(
                    new ActiveMQSecurityException("The session of " + user + " was revoked"));
        }
        return doomed.size();
    }
}
