package org.parley.auth.accounts;

import java.util.List;

/** Which brokers a client should connect to, preferred first, the rest as fallbacks. */
public interface BrokerDirectory {

    /**
     * @return broker URLs for {@code username}; may be empty when no broker is configured
     */
    List<String> brokersFor(String username);
}
