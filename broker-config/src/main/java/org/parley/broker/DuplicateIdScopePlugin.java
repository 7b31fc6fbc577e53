package org.parley.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.ServerSession;

/**
 * Scopes a client's {@code _AMQ_DUPL_ID} to the authenticated sender (decision 0011).
 *
 * <p>Artemis keeps one duplicate-id cache per address. A group message goes to every member's inbox
 * with the envelope id as its duplicate id, so a member who has her copy could send anything with
 * that id to the members after her and the broker would drop their real copies. Here the id Artemis
 * checks and remembers is the SHA-256 of {@code <validated user> '/' <the client's id>} ({@code /}
 * cannot occur in a username, so the pair is unambiguous): a sender's own retry still matches,
 * nobody else's id ever does. The hash also keeps each cache entry at 32 bytes, however long an id
 * a client sends (the cache stays in memory after its messages are read).
 *
 * <p>Artemis reads the id in the post office's duplicate check, which comes after {@code
 * beforeSend} and before {@code beforeMessageRoute}. The scoped id is put in for the check (and so
 * into the persisted cache), and the client's id is put back afterwards, before the message is
 * stored: receivers keep seeing the envelope id they are used to. The copy a cluster bridge
 * forwards is checked on the peer against the bridge's own cache ({@code _AMQ_BRIDGE_DUP}, set by
 * the bridge), never against this id, and the cluster user's sends are not scoped again.
 */
final class DuplicateIdScopePlugin implements BeforeSendPlugin {

    private static final SimpleString HDR = Message.HDR_DUPLICATE_DETECTION_ID;
    private static final byte SEPARATOR = '/';

    /** The id the client gave the message it is sending. */
    private final PropertyPutBack clientId = new PropertyPutBack(HDR);

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        clientId.forget();
        if (ClientMessagePolicyPlugin.isTrusted(session)) {
            return;
        }
        byte[] id = message.getDuplicateIDBytes();
        if (id == null) {
            return;
        }
        clientId.remember(message);
        message.putBytesProperty(HDR, scoped(sender(session), id));
    }

    @Override
    public void beforeMessageRoute(
            Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
        clientId.putBack(message);
    }

    /** SHA-256 of {@code user '/' id}: the bytes Artemis compares and keeps. */
    static byte[] scoped(String user, byte[] id) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
        sha256.update(user.getBytes(StandardCharsets.UTF_8));
        sha256.update(SEPARATOR);
        return sha256.digest(id);
    }

    private static String sender(ServerSession session) {
        String user = session.getValidatedUser();
        return user != null ? user : String.valueOf(session.getUsername());
    }
}
