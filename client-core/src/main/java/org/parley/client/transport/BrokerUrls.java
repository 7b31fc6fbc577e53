package org.parley.client.transport;

import java.net.URI;

/** Broker URLs (as in a login's list) shown to people. */
public final class BrokerUrls {
    private BrokerUrls() {}

    /** {@code host:port} of {@code url} for messages; the URL itself when it has no authority. */
    public static String hostPort(String url) {
        try {
            URI u = URI.create(url);
            return u.getAuthority() != null ? u.getAuthority() : url;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
