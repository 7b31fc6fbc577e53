package org.parley.auth.accounts;

import java.net.URI;
import java.util.List;

/** The same configured list for everyone; a load-balancing directory replaces it later. */
public final class StaticBrokerDirectory implements BrokerDirectory {

    private final List<String> brokers;

    public StaticBrokerDirectory(List<URI> brokers) {
        this.brokers = brokers.stream().map(URI::toString).toList();
    }

    @Override
    public List<String> brokersFor(String username) {
        return brokers;
    }
}
