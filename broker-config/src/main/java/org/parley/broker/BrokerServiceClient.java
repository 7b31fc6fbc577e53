package org.parley.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.jspecify.annotations.Nullable;
import org.parley.model.Addresses;
import org.parley.model.Usernames;

/**
 * One connection to one broker node as {@value TokenSecurityManager#SERVICE_USER}, for the auth
 * server's administration: read-only management reads (node and inbox statistics) and revocations.
 * Not thread-safe; open, use, close. Every call gives up after the timeout.
 */
public final class BrokerServiceClient implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientConsumer replies;
    private final ClientProducer management;
    private final String replyAddress;
    private final long timeoutMillis;

    /** Sets up the request/reply channel on {@code session} (a reply queue, a producer). */
    private BrokerServiceClient(
            ServerLocator locator,
            ClientSessionFactory factory,
            ClientSession session,
            long timeoutMillis)
            throws ActiveMQException {
        this.locator = locator;
        this.factory = factory;
        this.session = session;
        this.timeoutMillis = timeoutMillis;
        this.replyAddress = ServiceSessions.createReplyQueue(session);
        this.replies = session.createConsumer(replyAddress);
        this.management = session.createProducer();
        session.start();
    }

    /**
     * @throws ActiveMQException if the node cannot be reached or refuses the password in time
     */
    public static BrokerServiceClient connect(
            String brokerUrl, String servicePassword, Duration timeout) throws ActiveMQException {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(servicePassword, "servicePassword");
        int millis = ServiceSessions.millis(timeout);
        ServerLocator locator;
        try {
            locator = ActiveMQClient.createServerLocator(brokerUrl);
        } catch (Exception e) {
            throw new org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException(
                    "Not a broker URL: " + brokerUrl + " (" + e.getMessage() + ")");
        }
        ClientSessionFactory factory = null;
        ClientSession session = null;
        try {
            ServiceSessions.limitTo(locator, millis);
            factory = locator.createSessionFactory();
            session = ServiceSessions.open(factory, servicePassword);
            return new BrokerServiceClient(locator, factory, session, millis);
        } catch (Exception e) {
            closeQuietly(session);
            closeQuietly(factory);
            locator.close();
            throw e instanceof ActiveMQException a
                    ? a
                    : new org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException(
                            e.getMessage());
        }
    }

    /**
     * Tells the node to refuse {@code user}'s tokens issued before {@code notBefore} and to close
     * that user's connections; returns once the node has applied it.
     */
    public void revoke(String user, Instant notBefore) throws ActiveMQException {
        if (!Usernames.isValid(user)) {
            throw new IllegalArgumentException("Not a Parley username: " + user);
        }
        ClientMessage message = session.createMessage(false);
        message.putStringProperty(RevocationPlugin.PROP_USER, user);
        message.putLongProperty(RevocationPlugin.PROP_NOT_BEFORE, notBefore.toEpochMilli());
        management.send(TokenSecurityManager.REVOCATIONS_ADDRESS, message);
    }

    /**
     * Tells the node that the session with token id {@code tokenId} logged out: refuse its tokens
     * until {@code expiresAt} and close its connections; returns once the node has applied it.
     */
    public void revokeToken(String user, String tokenId, Instant expiresAt)
            throws ActiveMQException {
        if (!Usernames.isValid(user) || !org.parley.model.Ids.isValid(tokenId)) {
            throw new IllegalArgumentException(
                    "Not a Parley username and token id: " + user + ", " + tokenId);
        }
        ClientMessage message = session.createMessage(false);
        message.putStringProperty(RevocationPlugin.PROP_USER, user);
        message.putStringProperty(RevocationPlugin.PROP_TOKEN_ID, tokenId);
        message.putLongProperty(RevocationPlugin.PROP_EXPIRES_AT, expiresAt.toEpochMilli());
        management.send(TokenSecurityManager.REVOCATIONS_ADDRESS, message);
    }

    /** A broker attribute ({@code connectionCount}, {@code totalMessageCount}, ...), or null. */
    public @Nullable Object brokerAttribute(String attribute) throws ActiveMQException {
        return attribute(ResourceNames.BROKER, attribute);
    }

    /**
     * An attribute of {@code user}'s inbox queue on this node, or null when the node has no such
     * queue.
     */
    public @Nullable Object inboxAttribute(String user, String attribute) throws ActiveMQException {
        return attribute(ResourceNames.QUEUE + Addresses.inbox(user), attribute);
    }

    /** A management attribute; null when the resource does not exist or the read is refused. */
    public @Nullable Object attribute(String resource, String attribute) throws ActiveMQException {
        management.send(
                TokenSecurityManager.MANAGEMENT_ADDRESS,
                ServiceSessions.attributeRequest(session, resource, attribute, replyAddress));
        ClientMessage answer = replies.receive(timeoutMillis);
        if (answer == null) {
            throw new org.apache.activemq.artemis.api.core.ActiveMQConnectionTimedOutException(
                    "No management answer within " + timeoutMillis + " ms");
        }
        answer.acknowledge();
        if (!ManagementHelper.hasOperationSucceeded(answer)) {
            return null;
        }
        try {
            return ManagementHelper.getResult(answer);
        } catch (Exception e) {
            return null;
        }
    }

    /** {@link #attribute} as a long; 0 when missing. */
    public static long asLong(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public void close() {
        closeQuietly(session);
        closeQuietly(factory);
        locator.close();
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing a connection to a node that went away: nothing left to do.
            }
        }
    }
}
