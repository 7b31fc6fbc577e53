package org.parley.it.faults;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.parley.client.auth.AuthApiClient;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.LoginRequest;
import org.parley.model.PublicKeys;
import org.parley.testing.SignupRequests;

/**
 * A sender that speaks plain Jakarta JMS (what any JMS tool can do with a Parley token): blocking
 * durable sends of real sealed envelopes with {@code _AMQ_DUPL_ID} = envelope id. Unlike
 * client-core, which retries for its user, it sees every failed send itself, records the failure,
 * reconnects and sends the same bytes with the same id again.
 */
final class RawSender implements AutoCloseable {
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final SecureRandom RANDOM = new SecureRandom();

    final String username;
    private final URI authServer;
    private final String brokerUrl;
    private final byte[] authKey;
    private final EnvelopeCrypto crypto;

    /** The failures its sends got, as the JMS client reported them. */
    final List<String> failures = new CopyOnWriteArrayList<>();

    private ActiveMQConnectionFactory factory;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    private RawSender(
            String username,
            URI authServer,
            String brokerUrl,
            byte[] authKey,
            IdentityKeyPair identity) {
        this.username = username;
        this.authServer = authServer;
        this.brokerUrl = brokerUrl;
        this.authKey = authKey;
        this.crypto = new EnvelopeCrypto(username, identity);
    }

    /** Signs up through the raw API (random auth key, real identity keys) and connects. */
    static RawSender signup(URI authServer, String brokerUrl, String username) throws JMSException {
        byte[] authKey = new byte[32];
        RANDOM.nextBytes(authKey);
        IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
        api(authServer).signup(SignupRequests.cheap(username, authKey, identity), identity);
        RawSender sender = new RawSender(username, authServer, brokerUrl, authKey, identity);
        sender.connect();
        return sender;
    }

    static AuthApiClient api(URI authServer) {
        return new AuthApiClient(authServer, HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    PublicKeys keysOf(String user) {
        return api(authServer).userKeys(token(), user).publicKeys();
    }

    private String token() {
        return api(authServer).login(new LoginRequest(username, authKey)).token();
    }

    void connect() throws JMSException {
        factory =
                new ActiveMQConnectionFactory(
                        brokerUrl
                                + "?reconnectAttempts=0&initialConnectAttempts=1"
                                + "&blockOnDurableSend=true&callTimeout=10000");
        try {
            connection = factory.createConnection(username, token());
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(null);
        } catch (JMSException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** A text envelope to {@code to}, sealed as client-core seals it; returns its id and bytes. */
    Sealed seal(String to, PublicKeys recipient, String text) throws CryptoException {
        EnvelopeHeader header =
                EnvelopeHeader.direct(username, to, System.currentTimeMillis(), "text");
        byte[] plain = Json.write(new Text(text)).getBytes(StandardCharsets.UTF_8);
        return new Sealed(header.id(), to, crypto.sealDirect(header, plain, recipient).toBytes());
    }

    record Sealed(String id, String to, byte[] body) {}

    private record Text(String text) {}

    /**
     * Sends until the broker acknowledges: on a failure it records it, reconnects (polling until
     * the broker is back, up to {@code within}) and sends the same envelope with the same id.
     */
    void sendUntilAcknowledged(Sealed envelope, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (producer == null) {
                    connect();
                }
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(envelope.body());
                m.setStringProperty(DUPLICATE_ID, envelope.id());
                producer.send(
                        session.createQueue("parley.inbox." + envelope.to()),
                        m,
                        DeliveryMode.PERSISTENT,
                        Message.DEFAULT_PRIORITY,
                        Message.DEFAULT_TIME_TO_LIVE);
                return;
            } catch (JMSException | RuntimeException e) {
                if (producer
                        != null) { // a send (not a reconnect attempt) failed: that is the failure
                    // the user sees
                    failures.add(envelope.id() + ": " + e);
                }
                closeQuietly();
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(
                            "no acknowledgement for " + envelope.id() + " within " + within, e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Duration.ofMillis(200).toNanos()); // reconnect backoff
            }
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException | RuntimeException e) {
            // already broken
        }
        if (factory != null) {
            factory.close();
        }
        connection = null;
        session = null;
        producer = null;
        factory = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
