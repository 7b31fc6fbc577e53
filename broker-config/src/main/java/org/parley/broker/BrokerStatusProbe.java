package org.parley.broker;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a broker node how loaded it is, for the auth server's load balancing: a core management
 * request authenticated as {@value TokenSecurityManager#SERVICE_USER}, read-only.
 */
public final class BrokerStatusProbe {

    private static final Logger log = LoggerFactory.getLogger(BrokerStatusProbe.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    // Daemon threads: a probe stuck on a dead host must never keep the JVM alive.
    private static final ExecutorService EXECUTOR =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t =
                                new Thread(r, "parley-broker-probe-" + THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });

    private BrokerStatusProbe() {}

    /**
     * The number of connections the node at {@code brokerUrl} has open, not counting the probe's
     * own (peers' cluster bridges do count: the same constant on every node of a cluster).
     *
     * @return the count, or empty if the node cannot be reached, refuses the credentials or does
     *     not answer within {@code timeout}; this method returns within about {@code timeout}
     */
    public static OptionalInt connectionCount(
            String brokerUrl, String servicePassword, Duration timeout) {
        // The probe's own connection is not counted.
        return ask(brokerUrl, servicePassword, timeout, ResourceNames.BROKER, "connectionCount", 1);
    }

    /**
     * The number of distinct users logged in (with an inbox consumer) on the node at {@code
     * brokerUrl} ({@link SessionsMBean}): what logins are placed by, since one user's many
     * connections count once. Empty on any failure, as {@link #connectionCount}.
     */
    public static OptionalInt onlineUserCount(
            String brokerUrl, String servicePassword, Duration timeout) {
        return ask(
                brokerUrl, servicePassword, timeout, SessionsMBean.RESOURCE, "onlineUserCount", 0);
    }

    private static OptionalInt ask(
            String brokerUrl,
            String servicePassword,
            Duration timeout,
            String resource,
            String attribute,
            int minus) {
        if (brokerUrl == null
                || servicePassword == null
                || timeout == null
                || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "A probe needs a broker URL, the service password and a positive timeout.");
        }
        AtomicReference<ServerLocator> locatorRef = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<OptionalInt> result =
                CompletableFuture.supplyAsync(
                        () ->
                                query(
                                        brokerUrl,
                                        servicePassword,
                                        timeout,
                                        deadline,
                                        locatorRef,
                                        resource,
                                        attribute,
                                        minus),
                        EXECUTOR);
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.debug("Broker {} did not answer within {}", brokerUrl, timeout);
        } catch (ExecutionException e) {
            log.debug("Probe of {} failed", brokerUrl, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.cancel(true);
        ServerLocator locator = locatorRef.get();
        if (locator != null) {
            // Unblocks a connect or call in progress on the probe thread.
            EXECUTOR.execute(locator::close);
        }
        return OptionalInt.empty();
    }

    private static OptionalInt query(
            String brokerUrl,
            String password,
            Duration timeout,
            long deadline,
            AtomicReference<ServerLocator> locatorRef,
            String resource,
            String attribute,
            int minus) {
        int millis = ServiceSessions.millis(timeout);
        try (ServerLocator locator = ActiveMQClient.createServerLocator(brokerUrl)) {
            locatorRef.set(locator);
            ServiceSessions.limitTo(locator, millis);
            try (ClientSessionFactory factory = locator.createSessionFactory();
                    ClientSession session = ServiceSessions.open(factory, password)) {
                String reply = ServiceSessions.createReplyQueue(session);
                try (ClientConsumer consumer = session.createConsumer(reply);
                        ClientProducer producer =
                                session.createProducer(TokenSecurityManager.MANAGEMENT_ADDRESS)) {
                    session.start();
                    producer.send(
                            ServiceSessions.attributeRequest(session, resource, attribute, reply));
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    ClientMessage answer = left > 0 ? consumer.receive(left) : null;
                    if (answer == null || !ManagementHelper.hasOperationSucceeded(answer)) {
                        log.debug(
                                "Broker {} gave no usable answer: {}",
                                brokerUrl,
                                answer == null ? "none" : ManagementHelper.getResult(answer));
                        return OptionalInt.empty();
                    }
                    Object count = ManagementHelper.getResult(answer, Integer.class);
                    if (!(count instanceof Number n)) {
                        return OptionalInt.empty();
                    }
                    return OptionalInt.of(Math.max(0, n.intValue() - minus));
                }
            }
        } catch (Exception e) {
            log.debug("Probe of {} failed: {}", brokerUrl, e.toString());
            return OptionalInt.empty();
        }
    }
}
