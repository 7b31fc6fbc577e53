package org.parley.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;

/**
 * Renders the node's broker.xml from the classpath template and loads it with Artemis' own {@link
 * FileDeploymentManager}, so the schema validation and parsing are Artemis' and an operator can
 * read the exact file a node runs with in its data dir.
 *
 * <p>The template uses {@code @@name@@} placeholders filled here, not Artemis' {@code ${…}}
 * substitution: that reads JVM-wide system properties, which two nodes in one JVM (the local stack,
 * the tests) would share.
 */
final class BrokerXml {

    static final String TEMPLATE = "/org/parley/broker/broker.xml.template";
    static final String FILE_NAME = "broker.xml";
    static final String CLUSTER_CONNECTION = "parley-cluster";
    static final String ACCEPTOR = "parley";

    static final long CLUSTER_CHECK_PERIOD_MILLIS = 2_000;
    static final long CLUSTER_CONNECTION_TTL_MILLIS = 10_000;
    static final long CLUSTER_CALL_TIMEOUT_MILLIS = 10_000;

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Za-z]+)@@");
    // Artemis splits pages at this size; it should not exceed the address limit it pages past.
    private static final long MAX_PAGE_BYTES = 1024 * 1024;

    private BrokerXml() {}

    /** Writes {@code dataDir/broker.xml} for this node and returns its path. */
    static Path write(BrokerNodeConfig config, long journalBufferTimeoutNanos) throws IOException {
        String xml = render(config, journalBufferTimeoutNanos);
        Path file = config.dataDir().resolve(FILE_NAME);
        Path tmp = config.dataDir().resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, xml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Parses a rendered broker.xml into an Artemis configuration (schema-validated). */
    static FileConfiguration load(Path file) throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(file.toUri().toString());
        deployment.addDeployable(configuration);
        deployment.readConfiguration();
        return configuration;
    }

    static String render(BrokerNodeConfig config, long journalBufferTimeoutNanos)
            throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("nodeId", escape(config.nodeId()));
        values.put("dataDir", escape(config.dataDir().toString()));
        values.put("hostForUrl", escape(BrokerNodeConfig.hostForUrl(config.host())));
        values.put("port", Integer.toString(config.port()));
        values.put("journalBufferTimeoutNanos", Long.toString(journalBufferTimeoutNanos));
        values.put(
                "securityInvalidationMillis",
                Long.toString(config.securityInvalidationInterval().toMillis()));
        // Artemis caches one entry per user (and per user and permission); room for every connected
        // user.
        values.put("authCacheSize", Integer.toString(Math.max(1000, config.tokenCacheSize())));
        values.put("maxDeliveryAttempts", Integer.toString(config.maxDeliveryAttempts()));
        values.put(
                "inboxAutoDeleteMillis", Long.toString(config.inboxAutoDeleteDelay().toMillis()));
        values.put("inboxMaxBytes", Long.toString(config.inboxMaxBytes()));
        values.put(
                "inboxPageBytes", Long.toString(Math.min(MAX_PAGE_BYTES, config.inboxMaxBytes())));
        values.put("inboxIdCacheSize", Integer.toString(config.inboxIdCacheSize()));
        values.put("inboxPageLimitMessages", Long.toString(config.inboxPageLimitMessages()));
        values.put("peerConnectors", peerConnectors(config.peers()));
        values.put("clusterConnections", clusterConnections(config.peers()));

        String template = readTemplate();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 1024);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(
                        "broker.xml template uses unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String peerConnectorName(int index) {
        return "peer-" + index;
    }

    private static String peerConnectors(List<String> peers) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < peers.size(); i++) {
            sb.append("      <connector name=\"")
                    .append(peerConnectorName(i))
                    .append("\">tcp://")
                    .append(escape(peers.get(i)))
                    .append("</connector>\n");
        }
        return sb.toString();
    }

    /**
     * One static cluster connection to every peer (a full mesh, so one hop is enough). ON_DEMAND
     * sends a message only to nodes with a consumer for it, and with redistribution-delay 0 a
     * waiting message moves as soon as its owner consumes elsewhere. No peers: no cluster.
     */
    private static String clusterConnections(List<String> peers) {
        if (peers.isEmpty()) {
            return "    <!-- single node: no cluster connection -->";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("    <cluster-connections>\n")
                .append("      <cluster-connection name=\"")
                .append(CLUSTER_CONNECTION)
                .append("\">\n")
                .append("        <connector-ref>self</connector-ref>\n")
                // A peer that hangs or vanishes without a TCP reset is noticed in seconds, not
                // Artemis' 30 s check period and 60 s TTL: the sooner a bridge fails, the sooner
                // its
                // unconfirmed messages go back to the store-and-forward queue.
                .append("        <check-period>")
                .append(CLUSTER_CHECK_PERIOD_MILLIS)
                .append("</check-period>\n")
                .append("        <connection-ttl>")
                .append(CLUSTER_CONNECTION_TTL_MILLIS)
                .append("</connection-ttl>\n")
                .append("        <call-timeout>")
                .append(CLUSTER_CALL_TIMEOUT_MILLIS)
                .append("</call-timeout>\n")
                .append("        <retry-interval>500</retry-interval>\n")
                .append("        <retry-interval-multiplier>1.5</retry-interval-multiplier>\n")
                .append("        <max-retry-interval>5000</max-retry-interval>\n")
                .append("        <reconnect-attempts>-1</reconnect-attempts>\n")
                .append("        <use-duplicate-detection>true</use-duplicate-detection>\n")
                .append("        <message-load-balancing>ON_DEMAND</message-load-balancing>\n")
                .append("        <max-hops>1</max-hops>\n")
                .append("        <static-connectors>\n");
        for (int i = 0; i < peers.size(); i++) {
            sb.append("          <connector-ref>")
                    .append(peerConnectorName(i))
                    .append("</connector-ref>\n");
        }
        sb.append("        </static-connectors>\n")
                .append("      </cluster-connection>\n")
                .append("    </cluster-connections>");
        return sb.toString();
    }

    private static String readTemplate() throws IOException {
        try (InputStream in = BrokerXml.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("Missing classpath resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
