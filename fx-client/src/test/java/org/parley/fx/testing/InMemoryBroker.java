package org.parley.fx.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.parley.client.ConnectionState;
import org.parley.client.testing.InMemoryTransport;
import org.parley.client.transport.BrokerCredentials;
import org.parley.client.transport.InboundHandler;
import org.parley.client.transport.InboundMessage;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportException;
import org.parley.client.transport.TransportFactory;
import org.parley.client.transport.TransportListener;
import org.parley.client.transport.TransportOptions;

/**
 * Broker stand-in for ViewModel tests: inboxes in memory, delivered on one thread per inbox, kept
 * while their owner is offline, deduplicated by envelope id. {@link #holdSends()} makes every send
 * block until {@link #releaseSends()}: a slow network.
 */
public final class InMemoryBroker implements TransportFactory {
    private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile CountDownLatch sendGate;

    @Override
    public Transport create(
            List<String> brokerUrls, BrokerCredentials credentials, TransportOptions options) {
        return new Link(credentials.username());
    }

    public void holdSends() {
        sendGate = new CountDownLatch(1);
    }

    public void releaseSends() {
        CountDownLatch g = sendGate;
        sendGate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /**
     * Tells {@code user}'s session its connection dropped ({@code false}) or came back ({@code
     * true}).
     */
    public void setConnected(String user, boolean connected) {
        Link l = links.get(user);
        if (l != null && l.listener != null) {
            l.listener.onConnectionState(
                    connected ? ConnectionState.CONNECTED : ConnectionState.RECONNECTING);
        }
    }

    private Inbox inbox(String user) {
        return inboxes.computeIfAbsent(user, Inbox::new);
    }

    private static final class Inbox {
        final ExecutorService delivery;
        final List<InboundMessage> waiting = new ArrayList<>();
        InboundHandler consumer;

        Inbox(String user) {
            delivery =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "inbox-" + user);
                                t.setDaemon(true);
                                return t;
                            });
        }

        synchronized void offer(InboundMessage m) {
            waiting.add(m);
            drain();
        }

        synchronized void connect(InboundHandler handler) {
            consumer = handler;
            drain();
        }

        synchronized void disconnect() {
            consumer = null;
        }

        private void drain() {
            if (consumer == null || waiting.isEmpty()) {
                return;
            }
            List<InboundMessage> batch = new ArrayList<>(waiting);
            waiting.clear();
            InboundHandler h = consumer;
            delivery.execute(
                    () -> {
                        try {
                            h.onBatch(batch);
                        } catch (Exception e) {
                            synchronized (this) {
                                waiting.addAll(0, batch);
                            }
                        }
                    });
        }
    }

    private final class Link implements InMemoryTransport {
        private final String user;
        private volatile TransportListener listener;
        private volatile ConnectionState state = ConnectionState.DISCONNECTED;

        Link(String user) {
            this.user = user;
        }

        @Override
        public void start(InboundHandler handler, TransportListener l) {
            listener = l;
            links.put(user, this);
            state = ConnectionState.CONNECTED;
            l.onConnectionState(state);
            inbox(user).connect(handler);
        }

        @Override
        public void send(String recipient, String envelopeId, byte[] body)
                throws TransportException {
            CountDownLatch g = sendGate;
            if (g != null) {
                try {
                    if (!g.await(60, TimeUnit.SECONDS)) {
                        throw new TransportException("timed out", true, null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TransportException("interrupted", true, e);
                }
            }
            if (seenIds.add(envelopeId)) {
                inbox(recipient).offer(new InboundMessage(body, user));
            }
        }

        @Override
        public void subscribePresence(String other) {}

        @Override
        public ConnectionState state() {
            return state;
        }

        @Override
        public boolean awaitConnected(Duration timeout) {
            return state == ConnectionState.CONNECTED;
        }

        @Override
        public void close() {
            state = ConnectionState.DISCONNECTED;
            links.remove(user, this);
            inbox(user).disconnect();
        }
    }
}
