package org.parley.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.parley.broker.BrokerServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker nodes as the auth server's administration sees them, through each node's management
 * API as {@code parley-service}: node statistics, per-user inbox depth and presence, and pushing
 * revocations. Nodes are asked in parallel; a node that does not answer within the timeout is
 * reported down, never waited for longer.
 */
public final class BrokerFleet {

    /**
     * One node as last asked.
     *
     * @param connections open connections, not counting this probe (peers' bridges count)
     * @param backlog messages waiting on the node, all queues
     * @param messagesPerSecond messages added per second since the previous look, or -1 when
     *     unknown
     */
    public record NodeStatus(
            String url,
            boolean up,
            long connections,
            long consumers,
            long backlog,
            long messagesAdded,
            double messagesPerSecond) {}

    /** A user's inbox over every node: consumers anywhere (online) and messages waiting. */
    public record InboxState(boolean online, long backlog) {
        static final InboxState UNKNOWN = new InboxState(false, -1);
    }

    /** Whether a node applied a revocation. */
    public record Delivery(String url, boolean applied) {}

    private record Sample(long added, Instant at) {}

    private static final Logger log = LoggerFactory.getLogger(BrokerFleet.class);

    private final List<String> urls;
    private final @Nullable String servicePassword;
    private final Executor executor;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Sample> lastSamples = new ConcurrentHashMap<>();

    /**
     * @param servicePassword the brokers' {@code parley-service} password; null: nothing can be
     *     asked
     */
    public BrokerFleet(
            List<String> urls,
            @Nullable String servicePassword,
            Executor executor,
            Clock clock,
            Duration timeout) {
        this.urls = List.copyOf(urls);
        this.servicePassword = servicePassword;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public List<String> urls() {
        return urls;
    }

    /** Whether the fleet can talk to the nodes at all (the service password is configured). */
    public boolean reachable() {
        return servicePassword != null && !urls.isEmpty();
    }

    public List<NodeStatus> status() {
        return eachNode(
                url -> {
                    try (BrokerServiceClient node = connect(url)) {
                        long connections =
                                Math.max(
                                        0,
                                        BrokerServiceClient.asLong(
                                                        node.brokerAttribute("connectionCount"))
                                                - 1);
                        long consumers =
                                BrokerServiceClient.asLong(
                                        node.brokerAttribute("totalConsumerCount"));
                        long backlog =
                                BrokerServiceClient.asLong(
                                        node.brokerAttribute("totalMessageCount"));
                        long added =
                                BrokerServiceClient.asLong(
                                        node.brokerAttribute("totalMessagesAdded"));
                        return new NodeStatus(
                                url,
                                true,
                                connections,
                                Math.max(0, consumers - 1),
                                backlog,
                                added,
                                rate(url, added));
                    }
                },
                url -> new NodeStatus(url, false, 0, 0, 0, 0, -1));
    }

    /** Presence and backlog of each user's inbox, summed over the nodes that answered. */
    public Map<String, InboxState> inboxes(Collection<String> users) {
        List<Map<String, InboxState>> perNode =
                eachNode(
                        url -> {
                            Map<String, InboxState> states = new LinkedHashMap<>();
                            try (BrokerServiceClient node = connect(url)) {
                                for (String user : users) {
                                    long consumers =
                                            BrokerServiceClient.asLong(
                                                    node.inboxAttribute(user, "consumerCount"));
                                    long messages =
                                            BrokerServiceClient.asLong(
                                                    node.inboxAttribute(user, "messageCount"));
                                    states.put(user, new InboxState(consumers > 0, messages));
                                }
                            }
                            return states;
                        },
                        url -> null);
        Map<String, InboxState> merged = new LinkedHashMap<>();
        boolean anyAnswered = perNode.stream().anyMatch(Objects::nonNull);
        for (String user : users) {
            if (!anyAnswered) {
                merged.put(user, InboxState.UNKNOWN);
                continue;
            }
            boolean online = false;
            long backlog = 0;
            for (Map<String, InboxState> node : perNode) {
                if (node != null && node.containsKey(user)) {
                    online |= node.get(user).online();
                    backlog += node.get(user).backlog();
                }
            }
            merged.put(user, new InboxState(online, backlog));
        }
        return merged;
    }

    /**
     * Tells every node to refuse {@code user}'s tokens issued before {@code notBefore} and drop
     * their connections.
     */
    public List<Delivery> revoke(String user, Instant notBefore) {
        return revokeAll(Map.of(user, notBefore));
    }

    /**
     * Sends each revocation to every node; a node counts as applied only if it took all of them.
     */
    public List<Delivery> revokeAll(Map<String, Instant> revocations) {
        return eachNode(
                url -> {
                    try (BrokerServiceClient node = connect(url)) {
                        for (Map.Entry<String, Instant> revocation : revocations.entrySet()) {
                            node.revoke(revocation.getKey(), revocation.getValue());
                        }
                    }
                    return new Delivery(url, true);
                },
                url -> new Delivery(url, false));
    }

    /**
     * Sends each logged-out session to every node; a node counts as applied only if it took all of
     * them.
     */
    public List<Delivery> revokeSessions(
            List<org.parley.auth.security.RevokedTokens.Revoked> sessions) {
        return eachNode(
                url -> {
                    try (BrokerServiceClient node = connect(url)) {
                        for (org.parley.auth.security.RevokedTokens.Revoked r : sessions) {
                            node.revokeToken(r.username(), r.tokenId(), r.expiresAt());
                        }
                    }
                    return new Delivery(url, true);
                },
                url -> new Delivery(url, false));
    }

    private BrokerServiceClient connect(String url) throws Exception {
        // Only eachNode calls nodes, and only with a service password.
        return BrokerServiceClient.connect(
                url, Objects.requireNonNull(servicePassword, "servicePassword"), timeout);
    }

    private double rate(String url, long added) {
        Instant now = clock.instant();
        Sample previous = lastSamples.put(url, new Sample(added, now));
        if (previous == null || added < previous.added()) {
            return -1;
        }
        double seconds = Duration.between(previous.at(), now).toMillis() / 1000.0;
        return seconds < 0.5 ? -1 : (added - previous.added()) / seconds;
    }

    private interface NodeCall<T> {
        T call(String url) throws Exception;
    }

    private <T> List<T> eachNode(
            NodeCall<T> call, java.util.function.Function<String, T> whenDown) {
        if (servicePassword == null) {
            return urls.stream().map(whenDown).toList();
        }
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (String url : urls) {
            futures.add(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return call.call(url);
                                } catch (Exception e) {
                                    log.debug("Broker {} did not answer: {}", url, e.toString());
                                    return whenDown.apply(url);
                                }
                            },
                            executor));
        }
        long deadline = System.nanoTime() + timeout.toNanos() * 4;
        List<T> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(
                        futures.get(i)
                                .get(
                                        Math.max(1, deadline - System.nanoTime()),
                                        TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                results.add(whenDown.apply(urls.get(i)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(whenDown.apply(urls.get(i)));
            }
        }
        return results;
    }
}
