package org.parley.auth.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Orders the brokers for a login: healthy nodes by load (the auth server counts logged-in users per
 * node, {@code BrokerStatusProbe.onlineUserCount}, so one user's many connections cannot push
 * others' logins elsewhere), least loaded first, then the nodes that did not answer (still handed
 * out, as last-resort fallbacks for the client's failover). Counts are asked of every node in
 * parallel and reused for {@code maxAge}, so a burst of logins costs one round of probes, not one
 * per login.
 */
public final class LoadBalancingBrokerDirectory implements BrokerDirectory {

    /** How many connections a node has; empty when it is down or does not answer in time. */
    @FunctionalInterface
    public interface ConnectionCounter {
        OptionalInt connectionCount(String brokerUrl);
    }

    /** One node as last seen. */
    public record NodeStatus(String url, boolean up, int connections) {}

    private final List<String> brokers;
    private final ConnectionCounter counter;
    private final Executor probeExecutor;
    private final Clock clock;
    private final Duration maxAge;

    private List<NodeStatus> snapshot = List.of();
    private Instant takenAt = Instant.MIN;

    public LoadBalancingBrokerDirectory(
            List<String> brokers,
            ConnectionCounter counter,
            Executor probeExecutor,
            Clock clock,
            Duration maxAge) {
        if (brokers == null || brokers.isEmpty()) {
            throw new IllegalArgumentException(
                    "A load-balancing broker directory needs at least one broker URL");
        }
        this.brokers = List.copyOf(brokers);
        this.counter = Objects.requireNonNull(counter, "counter");
        this.probeExecutor = Objects.requireNonNull(probeExecutor, "probeExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public List<String> brokersFor(String username) {
        List<NodeStatus> nodes = status();
        // Ties (e.g. an idle cluster) are broken per user, so idle logins spread over the nodes.
        int spread = Math.floorMod(Objects.hashCode(username), brokers.size());
        Comparator<NodeStatus> order =
                Comparator.comparing((NodeStatus n) -> !n.up())
                        .thenComparingInt(n -> n.up() ? n.connections() : 0)
                        .thenComparingInt(
                                n ->
                                        Math.floorMod(
                                                brokers.indexOf(n.url()) - spread, brokers.size()));
        return nodes.stream().sorted(order).map(NodeStatus::url).toList();
    }

    /**
     * Every node's last known state, probing again when the last look is older than {@code maxAge}.
     */
    public synchronized List<NodeStatus> status() {
        Instant now = clock.instant();
        if (snapshot.isEmpty() || !now.isBefore(takenAt.plus(maxAge))) {
            snapshot = probeAll();
            takenAt = clock.instant();
        }
        return snapshot;
    }

    private List<NodeStatus> probeAll() {
        List<CompletableFuture<NodeStatus>> probes = new ArrayList<>();
        for (String url : brokers) {
            probes.add(CompletableFuture.supplyAsync(() -> probe(url), probeExecutor));
        }
        return probes.stream().map(CompletableFuture::join).toList();
    }

    private NodeStatus probe(String url) {
        try {
            OptionalInt count = counter.connectionCount(url);
            return count.isPresent()
                    ? new NodeStatus(url, true, count.getAsInt())
                    : new NodeStatus(url, false, 0);
        } catch (RuntimeException e) {
            return new NodeStatus(url, false, 0);
        }
    }
}
