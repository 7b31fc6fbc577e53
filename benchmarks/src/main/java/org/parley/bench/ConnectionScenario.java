package org.parley.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 4: how many logged-in users one broker node holds. A fresh {@link BrokerNode} with the
 * defaults Parley's nodes run with (token security manager, presence plugin, inbox policy) lives in
 * this JVM; a child process ({@link ConnectionClients}) opens the users' connections. Measured: how
 * many connected, how long it took, this JVM's heap after GC (the broker's share: the clients are
 * in the other process) and RSS before and after, and the p99 of a low message rate between a few
 * extra users, first with nobody else connected, then with all of them connected.
 */
final class ConnectionScenario {
    private static final Logger log = LoggerFactory.getLogger(ConnectionScenario.class);
    private static final String PARAMS =
            "?useTopologyForLoadBalancing=false&reconnectAttempts=0&initialConnectAttempts=1"
                    + "&blockOnDurableSend=true&callTimeout=10000";

    record Result(
            int target,
            int connected,
            int nodeConnections,
            double connectSeconds,
            double heapPerConnectionKiB,
            long heapBeforeMiB,
            long heapAfterMiB,
            long rssBeforeMiB,
            long rssAfterMiB,
            int rate,
            LoadRun.Phase quiet,
            LoadRun.@Nullable Phase loaded,
            @Nullable String error) {

        /**
         * The issue's target: 10,000 logged-in users on one node, every probe message delivered
         * once.
         */
        static final int TARGET = 10_000;

        boolean met() {
            return error == null
                    && connected >= TARGET
                    && quiet.correct()
                    && loaded != null
                    && loaded.correct();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", target);
            m.put("connected", connected);
            m.put("nodeConnections", nodeConnections);
            m.put("connectSeconds", connectSeconds);
            m.put("brokerHeapPerConnectionKiB", heapPerConnectionKiB);
            m.put("brokerHeapBeforeMiB", heapBeforeMiB);
            m.put("brokerHeapAfterMiB", heapAfterMiB);
            m.put("brokerProcessRssBeforeMiB", rssBeforeMiB);
            m.put("brokerProcessRssAfterMiB", rssAfterMiB);
            m.put("rate", rate);
            m.put("quiet", quiet == null ? null : quiet.toMap());
            m.put("loaded", loaded == null ? null : loaded.toMap());
            m.put("error", error);
            return m;
        }
    }

    private ConnectionScenario() {}

    /** A few sender/receiver pairs on the node, for the latency probe. */
    private static final class Probe implements MessageTarget {
        private final List<Session> sessions = new ArrayList<>();
        private final List<MessageProducer> producers = new ArrayList<>();
        private volatile @Nullable Tracker tracker;

        @Override
        public String name() {
            return "connections probe";
        }

        void add(Session sendSession, MessageProducer producer) {
            sessions.add(sendSession);
            producers.add(producer);
        }

        void received(Message message) {
            Tracker.receivedJms(tracker, message);
        }

        @Override
        public void track(Tracker t) {
            tracker = t;
        }

        @Override
        public void send(int sender, String text) throws Exception {
            Session s = sessions.get(sender);
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            m.setStringProperty("_AMQ_DUPL_ID", UUID.randomUUID().toString());
            producers
                    .get(sender)
                    .send(
                            m,
                            DeliveryMode.PERSISTENT,
                            Message.DEFAULT_PRIORITY,
                            Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    static Result run(Path dir, int count, int probePairs, int rate, int seconds, int textBytes)
            throws Exception {
        Ed25519.KeyPair signing = Ed25519.generate(new SecureRandom());
        BrokerNode node =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("bench-connections")
                                .port(Bench.freePort())
                                .dataDir(dir.resolve("node"))
                                .tokenPublicKey(signing.publicKey())
                                .clusterPassword(UUID.randomUUID().toString())
                                .servicePassword(UUID.randomUUID().toString())
                                .build(),
                        Clock.systemUTC());
        node.start();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(node.url() + PARAMS);
        List<Connection> probeConnections = new ArrayList<>();
        Process child = null;
        try {
            Probe probe = new Probe();
            for (int i = 0; i < probePairs; i++) {
                String receiver = "probercv" + i;
                Connection rc = connect(factory, signing, receiver, probeConnections);
                Session rs = rc.createSession(false, Session.AUTO_ACKNOWLEDGE);
                rs.createConsumer(rs.createQueue("parley.inbox." + receiver))
                        .setMessageListener(probe::received);
                rc.start();
                Connection sc = connect(factory, signing, "probesnd" + i, probeConnections);
                Session ss = sc.createSession(false, Session.AUTO_ACKNOWLEDGE);
                probe.add(ss, ss.createProducer(ss.createQueue("parley.inbox." + receiver)));
            }
            LoadRun.paced("warm-up", probe, probePairs, 1, probePairs, textBytes);
            LoadRun.Phase quiet =
                    LoadRun.paced(
                            "latency, few connected", probe, probePairs, seconds, rate, textBytes);
            long heapBefore = heapAfterGc();
            long rssBefore = Footprint.rssBytes(ProcessHandle.current().pid());

            Path keyFile = dir.resolve("signing.key");
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(signing.privateKey()));
            child =
                    new ProcessBuilder(
                                    Footprint.javaCommand(),
                                    "-Xmx2g",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    ConnectionClients.class.getName(),
                                    node.url(),
                                    Integer.toString(count),
                                    keyFile.toString())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String[] parts = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("CONNECTED ")) {
                    parts = line.split(" ");
                    break;
                }
            }
            if (parts == null) {
                return new Result(
                        count,
                        0,
                        node.connectionCount(),
                        0,
                        Double.NaN,
                        heapBefore >> 20,
                        0,
                        rssBefore >> 20,
                        0,
                        rate,
                        quiet,
                        null,
                        "the connection process ended early (exit " + child.waitFor() + ")");
            }
            int connected = Integer.parseInt(parts[1]);
            double connectSeconds = Double.parseDouble(parts[2]);
            log.info(
                    "Scenario 4: {} of {} users connected in {} s ({} failed)",
                    connected,
                    count,
                    connectSeconds,
                    parts[3]);
            int nodeConnections = node.connectionCount();
            long heapAfter = heapAfterGc();
            long rssAfter = Footprint.rssBytes(ProcessHandle.current().pid());
            LoadRun.Phase loaded =
                    LoadRun.paced(
                            "latency, all connected", probe, probePairs, seconds, rate, textBytes);
            double perConn =
                    connected == 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / connected;
            return new Result(
                    count,
                    connected,
                    nodeConnections,
                    connectSeconds,
                    perConn,
                    heapBefore >> 20,
                    heapAfter >> 20,
                    rssBefore >> 20,
                    rssAfter >> 20,
                    rate,
                    quiet,
                    loaded,
                    null);
        } finally {
            if (child != null) {
                try (OutputStream in = child.getOutputStream()) {
                    in.flush(); // closing stdin tells the child to exit
                } catch (Exception ignored) {
                    // it may have exited already
                }
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            for (Connection c : probeConnections) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
            factory.close();
            node.close();
        }
    }

    private static Connection connect(
            ActiveMQConnectionFactory factory,
            Ed25519.KeyPair signing,
            String user,
            List<Connection> all)
            throws Exception {
        String token =
                SessionTokens.issue(
                        signing.privateKey(),
                        SessionClaims.session(user, Instant.now(), Duration.ofHours(2)));
        Connection c = factory.createConnection(user, token);
        all.add(c);
        return c;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
