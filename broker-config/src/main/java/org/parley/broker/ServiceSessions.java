package org.parley.broker;

import java.time.Duration;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;

/**
 * How {@value TokenSecurityManager#SERVICE_USER} talks to a node ({@link BrokerServiceClient},
 * {@link BrokerStatusProbe}): one connection attempt, every step bounded by a timeout, management
 * answers on a reply queue of its own.
 */
final class ServiceSessions {

    private ServiceSessions() {}

    /** {@code timeout} in milliseconds as Artemis takes it: at least 1, at most an int. */
    static int millis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** One connect attempt, no reconnects, and every connect and call bounded by {@code millis}. */
    static void limitTo(ServerLocator locator, int millis) {
        for (TransportConfiguration tc : locator.getStaticTransportConfigurations()) {
            tc.getParams().put(TransportConstants.NETTY_CONNECT_TIMEOUT, millis);
        }
        locator.setCallTimeout(millis)
                .setCallFailoverTimeout(millis)
                .setInitialConnectAttempts(1)
                .setReconnectAttempts(0)
                .setUseTopologyForLoadBalancing(false)
                .setBlockOnDurableSend(true)
                .setBlockOnNonDurableSend(true);
    }

    /** A non-transacted session as the service user that acknowledges and sends at once. */
    static ClientSession open(ClientSessionFactory factory, String servicePassword)
            throws ActiveMQException {
        return factory.createSession(
                TokenSecurityManager.SERVICE_USER, servicePassword, false, true, true, false, 0);
    }

    /**
     * Creates a temporary queue for management answers, named as the service user may create it,
     * and returns its name (also its address).
     */
    static String createReplyQueue(ClientSession session) throws ActiveMQException {
        String reply = TokenSecurityManager.SERVICE_REPLY_PREFIX + UUID.randomUUID();
        session.createQueue(
                QueueConfiguration.of(reply)
                        .setAddress(reply)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(false)
                        .setTemporary(true));
        return reply;
    }

    /** A management request to read {@code attribute} of {@code resource}, answered to replyTo. */
    static ClientMessage attributeRequest(
            ClientSession session, String resource, String attribute, String replyTo) {
        ClientMessage request = session.createMessage(false);
        ManagementHelper.putAttribute(request, resource, attribute);
        request.putStringProperty(ClientMessageImpl.REPLYTO_HEADER_NAME, replyTo);
        return request;
    }
}
