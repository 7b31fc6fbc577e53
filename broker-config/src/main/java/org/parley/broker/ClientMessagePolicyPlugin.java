package org.parley.broker;

import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;

/**
 * The broker trusts no Artemis-internal property a client sets (decision 0011).
 *
 * <p>Artemis steers routing, duplicate detection, delivery time and its own bookkeeping with
 * message properties named {@code _AMQ…} / {@code __AMQ…}, and honours them on any message, whoever
 * sent it: {@code _AMQ_BRIDGE_DUP} is checked against (and stored in) the cluster bridge's
 * duplicate cache, {@code _AMQ_ROUTE_TO} picks bindings by id, {@code _AMQ_SCHED_DELIVERY} holds a
 * message back, {@code _AMQ_ORIG_MESSAGE_ID} on a large message makes a restarting node copy
 * another message's body file. A send from a chat user that carries any of them is refused with a
 * security error before Artemis looks at the message ({@code beforeSend} runs before the post
 * office's duplicate check and routing), so nothing of it is stored, cached or routed.
 *
 * <p>Allowed are exactly the properties the Jakarta JMS / core client sets on its own for the way
 * Parley's clients send: the duplicate id ({@link DuplicateIdScopePlugin} scopes it to the sender),
 * the routing type and connection id the JMS producer adds to every message, and the large-message
 * size and compression flags of a streamed body. {@code _AMQ_VALIDATED_USER} is allowed because the
 * broker overwrites it with the authenticated user (populate-validated-user) right after this
 * check. Only the cluster bridges and Parley's service user may send anything.
 */
final class ClientMessagePolicyPlugin implements BeforeSendPlugin {

    /** Set by the core / JMS client itself, or replaced by the broker before routing. */
    static final Set<SimpleString> CLIENT_SETTABLE =
            Set.of(
                    Message.HDR_DUPLICATE_DETECTION_ID,
                    Message.HDR_ROUTING_TYPE,
                    SimpleString.of("__AMQ_CID"),
                    Message.HDR_LARGE_BODY_SIZE,
                    Message.HDR_LARGE_COMPRESSED,
                    Message.HDR_VALIDATED_USER);

    private static final String CORE = "CORE";

    /**
     * Every client enters through the acceptors, and this plugin sees core-protocol sends. Another
     * protocol (AMQP, STOMP, MQTT, OpenWire) carries Artemis' internal properties by other names
     * (annotations, headers) this plugin does not read, so a node with an acceptor for one would
     * open a door around it: such a node does not start.
     */
    @Override
    public void registered(ActiveMQServer server) {
        for (TransportConfiguration acceptor :
                server.getConfiguration().getAcceptorConfigurations()) {
            Map<String, Object> params = acceptor.getParams();
            Object protocols = params == null ? null : params.get("protocols");
            if (protocols == null || !CORE.equalsIgnoreCase(protocols.toString().trim())) {
                throw new IllegalStateException(
                        "Acceptor "
                                + acceptor.getName()
                                + " must accept the core protocol only"
                                + " (protocols=CORE), not "
                                + protocols
                                + ": client messages are checked for core only.");
            }
        }
    }

    @Override
    public void beforeSend(ServerSession session, Message message) throws ActiveMQException {
        if (isTrusted(session)) {
            return;
        }
        for (SimpleString name : message.getPropertyNames()) {
            if (isInternal(name) && !CLIENT_SETTABLE.contains(name)) {
                throw new ActiveMQSecurityException(
                        "Property " + name + " is the broker's; a client may not set it.");
            }
        }
    }

    /** The cluster bridges and the service user; internal sends have no session. */
    static boolean isTrusted(ServerSession session) {
        if (session == null) {
            return true;
        }
        String user = session.getValidatedUser();
        return TokenSecurityManager.CLUSTER_USER.equals(user)
                || TokenSecurityManager.SERVICE_USER.equals(user);
    }

    /** Artemis' own names start with {@code _AMQ} or {@code __AMQ}; any case, to be safe. */
    static boolean isInternal(SimpleString name) {
        String n = name.toString();
        return n.regionMatches(true, 0, "_AMQ", 0, 4) || n.regionMatches(true, 0, "__AMQ", 0, 5);
    }
}
