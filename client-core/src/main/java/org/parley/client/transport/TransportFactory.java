package org.parley.client.transport;

import java.util.List;

/** Makes the transport of a new session; the default is {@link JmsTransport}. Tests pass fakes. */
@FunctionalInterface
public interface TransportFactory {
    Transport create(
            List<String> brokerUrls, BrokerCredentials credentials, TransportOptions options);
}
