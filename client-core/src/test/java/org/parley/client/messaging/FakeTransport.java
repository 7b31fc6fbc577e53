package org.parley.client.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.client.ConnectionState;
import org.parley.client.testing.InMemoryTransport;
import org.parley.client.transport.InboundHandler;
import org.parley.client.transport.TransportException;
import org.parley.client.transport.TransportListener;

/** Records what is sent; can be switched offline to exercise retries. */
final class FakeTransport implements InMemoryTransport {
    record Sent(String to, String id, byte[] body) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile boolean online = true;
    volatile boolean refuse;

    @Override
    public void start(InboundHandler handler, TransportListener listener) {}

    @Override
    public void send(String recipient, String envelopeId, byte[] body) throws TransportException {
        if (refuse) {
            throw new TransportException("refused", false, null);
        }
        if (!online) {
            throw new TransportException("offline", true, null);
        }
        sent.add(new Sent(recipient, envelopeId, body));
    }

    @Override
    public void subscribePresence(String user) {}

    @Override
    public ConnectionState state() {
        return online ? ConnectionState.CONNECTED : ConnectionState.RECONNECTING;
    }

    @Override
    public boolean awaitConnected(Duration timeout) {
        return online;
    }

    @Override
    public void close() {}
}
