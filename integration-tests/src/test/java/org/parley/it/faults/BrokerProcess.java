package org.parley.it.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.parley.broker.BrokerServiceClient;

/**
 * One {@code parley-server broker} node as its own OS process on a fixed port and data dir, so it
 * can be killed with SIGKILL and started again on the same journal.
 */
final class BrokerProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final Pattern READY = Pattern.compile("Parley broker \\S+ ready at (tcp://\\S+)");

    private final Path dir;
    private final List<String> args;
    private final String servicePassword;
    private final int port;
    private ServerProcess process;
    private int starts;

    BrokerProcess(Path dir, Path tokenPublicKeyFile, List<String> extraArgs) {
        this.dir = dir;
        this.port = freePort();
        this.servicePassword = "service-password-" + Long.toHexString(System.nanoTime());
        try {
            Files.createDirectories(dir);
            Path cluster =
                    Files.writeString(
                            dir.resolve("cluster.password"),
                            "cluster-password-" + System.nanoTime(),
                            StandardCharsets.UTF_8);
            Path service =
                    Files.writeString(
                            dir.resolve("service.password"),
                            servicePassword,
                            StandardCharsets.UTF_8);
            args =
                    new ArrayList<>(
                            List.of(
                                    "broker",
                                    "--node-id",
                                    "fault-node",
                                    "--host",
                                    HOST,
                                    "--port",
                                    Integer.toString(port),
                                    "--data-dir",
                                    dir.resolve("data").toString(),
                                    "--token-public-key-file",
                                    tokenPublicKeyFile.toString(),
                                    "--cluster-password-file",
                                    cluster.toString(),
                                    "--service-password-file",
                                    service.toString()));
            args.addAll(extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts (or starts again, on the same port and journal) and returns when the node accepts
     * connections.
     */
    BrokerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + process);
        }
        starts++;
        process = ServerProcess.start("broker#" + starts, dir.resolve("broker.log"), READY, args);
        return this;
    }

    /** The node's {@code parley-service} password, for the auth server it asks about accounts. */
    String servicePassword() {
        return servicePassword;
    }

    String url() {
        return "tcp://" + HOST + ":" + port;
    }

    void kill() {
        process.kill();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Messages in {@code user}'s inbox on the node (including those delivered but not yet
     * acknowledged).
     */
    long inboxCount(String user) {
        try (BrokerServiceClient service =
                BrokerServiceClient.connect(url(), servicePassword, Duration.ofSeconds(10))) {
            return BrokerServiceClient.asLong(service.inboxAttribute(user, "MessageCount"));
        } catch (Exception e) {
            throw new AssertionError("Cannot read " + user + "'s inbox: " + e, e);
        }
    }

    String log() {
        return ServerProcess.tail(dir.resolve("broker.log"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
