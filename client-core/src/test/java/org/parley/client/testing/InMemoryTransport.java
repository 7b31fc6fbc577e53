package org.parley.client.testing;

import java.io.IOException;
import java.io.InputStream;
import org.parley.client.transport.Transport;
import org.parley.client.transport.TransportException;

/**
 * A {@link Transport} of tests that keeps bodies in memory: a streamed body is read whole and sent
 * as bytes. The fakes of every module implement it, so they stream as each other does.
 */
public interface InMemoryTransport extends Transport {

    @Override
    default void sendStream(String recipient, String envelopeId, InputStream body)
            throws TransportException {
        try {
            send(recipient, envelopeId, body.readAllBytes());
        } catch (IOException e) {
            throw new TransportException("reading the stream failed", false, e);
        }
    }
}
