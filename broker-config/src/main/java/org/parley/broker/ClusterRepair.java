package org.parley.broker;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.client.TopologyMember;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.cluster.Bridge;
import org.apache.activemq.artemis.core.server.cluster.ClusterConnection;
import org.apache.activemq.artemis.core.server.cluster.MessageFlowRecord;
import org.apache.activemq.artemis.core.server.cluster.impl.ClusterConnectionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's cluster bridges working across a peer's stop and quick restart, which Artemis 2.56
 * alone does not (see decision 0009).
 *
 * <p>{@link #shortenPendingAckTimeouts}: a cluster bridge's stop waits its pending-ack timeout for
 * confirmations of sends the stopped peer will never give; Artemis builds cluster bridges with the
 * core-bridge default of 60 s and broker.xml cannot change it. Meanwhile the cluster connection
 * waits (10 s, then gives up) for that stop while holding its records. Unconfirmed messages are not
 * lost by giving up sooner: they go back to the store-and-forward queue and are sent again with the
 * bridge's duplicate id, which the peer drops if it had them.
 *
 * <p>{@link #repairBridges}: a peer that is a member of this node's topology but has had no
 * connected bridge for {@link #GRACE} (observed after a peer restarted while its old bridge was
 * being torn down) gets its bridge re-created through the cluster connection's own {@code
 * removeRecord}, which builds a new one from the topology. Without it the store-and-forward queue
 * for that peer is stuck and the cluster never re-forms.
 */
final class ClusterRepair extends HousekeepingTask {
    private static final Logger log = LoggerFactory.getLogger(ClusterRepair.class);

    /** Well under the cluster connection's 10 s wait for a stopping bridge. */
    static final Duration PENDING_ACK_TIMEOUT = Duration.ofSeconds(2);

    /** How long a known peer may be without a connected bridge before it is re-created. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final Clock clock;

    /**
     * Peer node id → since when it has had no connected bridge (epoch ms). Only the housekeeping
     * thread.
     */
    private final Map<String, Long> unbridgedSince = new HashMap<>();

    ClusterRepair(ActiveMQServer server, Clock clock) {
        super(server, "Checking the cluster bridges");
        this.clock = clock;
    }

    @Override
    void runOnce() {
        shortenPendingAckTimeouts(server());
        repairBridges();
    }

    /**
     * Makes {@link #PENDING_ACK_TIMEOUT} the default of every bridge configuration Artemis builds
     * from now on in this JVM, so a cluster bridge has it from its construction. Artemis keeps that
     * default in a public static field, so this is JVM-wide: fine for Parley, whose nodes all want
     * the same value and define no other bridges. Cluster bridges send no management notifications
     * that could be hooked instead; {@link #shortenPendingAckTimeouts} on the timer covers a bridge
     * made before this ran.
     */
    static void installPendingAckTimeoutDefault() {
        ActiveMQDefaultConfiguration.DEFAULT_BRIDGE_PENDING_ACK_TIMEOUT =
                PENDING_ACK_TIMEOUT.toMillis();
    }

    /** Applies {@link #PENDING_ACK_TIMEOUT} to every current cluster bridge; cheap, idempotent. */
    static void shortenPendingAckTimeouts(ActiveMQServer server) {
        if (server.getClusterManager() == null) {
            return;
        }
        long millis = PENDING_ACK_TIMEOUT.toMillis();
        for (ClusterConnection cc : server.getClusterManager().getClusterConnections()) {
            if (cc instanceof ClusterConnectionImpl impl) {
                for (Bridge bridge : impl.getBridges()) {
                    if (bridge.getConfiguration().getPendingAckTimeout() != millis) {
                        bridge.getConfiguration().setPendingAckTimeout(millis);
                    }
                }
            }
        }
    }

    private void repairBridges() {
        if (!server().isActive() || server().getClusterManager() == null) {
            return;
        }
        long now = clock.millis();
        Set<String> seen = new HashSet<>();
        for (ClusterConnection cc : server().getClusterManager().getClusterConnections()) {
            if (!(cc instanceof ClusterConnectionImpl impl) || !impl.isStarted()) {
                continue;
            }
            String self = impl.getNodeID();
            Map<String, MessageFlowRecord> records = impl.getRecords();
            for (TopologyMember member : impl.getTopology().getMembers()) {
                String peer = member.getNodeId();
                if (peer == null || peer.equals(self) || member.getPrimary() == null) {
                    continue;
                }
                seen.add(peer);
                MessageFlowRecord record = records.get(peer);
                Bridge bridge = record == null ? null : record.getBridge();
                if (bridge != null && bridge.isConnected()) {
                    unbridgedSince.remove(peer);
                    continue;
                }
                long since = unbridgedSince.computeIfAbsent(peer, p -> now);
                if (now - since >= GRACE.toMillis()) {
                    log.warn(
                            "Node {} has had no working bridge to cluster member {} for {} s ({}); re-creating it",
                            self,
                            peer,
                            (now - since) / 1000,
                            record == null
                                    ? "no record"
                                    : bridge == null ? "no bridge" : "bridge not connected");
                    unbridgedSince.remove(peer);
                    impl.removeRecord(peer); // re-creates the record from the topology
                }
            }
        }
        unbridgedSince.keySet().retainAll(seen);
    }
}
