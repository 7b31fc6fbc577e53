package org.parley.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.crypto.FileCrypto;
import org.parley.model.Envelope;

/**
 * Everything one broker node needs, validated on construction so that a bad flag fails at start-up
 * with a sentence instead of deep inside Artemis.
 *
 * @param nodeId the broker name (letters, digits, {@code . _ -}), unique in the cluster
 * @param host the address to listen on and to advertise to peers (so not 0.0.0.0)
 * @param port the TCP port of the CORE acceptor
 * @param dataDir journal, bindings, paging, large messages, the generated broker.xml and the
 *     calibrated journal buffer timeout live here
 * @param peers {@code host:port} of every other node (static cluster connectors)
 * @param tokenPublicKey the auth server's 32-byte Ed25519 public key
 * @param clusterPassword password of the {@code parley-cluster} user (bridges between nodes)
 * @param servicePassword password of the {@code parley-service} user (read-only management)
 * @param journalBufferTimeoutNanos the journal buffer timeout; 0 or less: measure the disk on first
 *     start
 * @param inboxMaxBytes memory an inbox may use before it pages to disk
 * @param maxDeliveryAttempts deliveries before a message goes to {@code parley.dlq}
 * @param inboxAutoDeleteDelay how long an empty, unconsumed inbox queue stays before it is removed
 * @param inboxIdCacheSize duplicate-detection ids remembered per inbox address
 * @param securityInvalidationInterval how long Artemis caches authentication and authorization
 *     decisions
 * @param tokenCacheSize verified session tokens remembered (until they expire)
 * @param inboxPageLimitMessages messages an inbox may hold on disk (paged) on this node; past it a
 *     send to that inbox is refused ("address full"), so one sender cannot fill the disk
 * @param inboxMessageMaxBytes largest body of a message to an inbox (streamed large messages
 *     included); a larger one is refused and not stored
 * @param maxConnectionsPerUser connections one chat user may hold on this node at a time
 * @param inboxSenderShareMessages messages one sender may have waiting in any one inbox on this
 *     node; past it only that sender's sends to that inbox are refused
 * @param authUrl the auth server, asked (as {@code parley-service}) which names are accounts and
 *     who may follow whose presence; null only for embedded nodes without one (every valid name
 *     then counts as an account, presence is open)
 * @param accountCacheTtl how long the node trusts an account lookup before asking again (a revoked
 *     presence viewer is cut off within this plus 10 s)
 */
public record BrokerNodeConfig(
        String nodeId,
        String host,
        int port,
        Path dataDir,
        List<String> peers,
        byte[] tokenPublicKey,
        String clusterPassword,
        String servicePassword,
        long journalBufferTimeoutNanos,
        long inboxMaxBytes,
        int maxDeliveryAttempts,
        Duration inboxAutoDeleteDelay,
        int inboxIdCacheSize,
        Duration securityInvalidationInterval,
        int tokenCacheSize,
        long inboxPageLimitMessages,
        long inboxMessageMaxBytes,
        int maxConnectionsPerUser,
        long inboxSenderShareMessages,
        java.net.URI authUrl,
        Duration accountCacheTtl) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 61616;

    /** Calibrate on first start. */
    public static final long CALIBRATE = 0;

    public static final long DEFAULT_INBOX_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
    public static final Duration DEFAULT_INBOX_AUTO_DELETE_DELAY = Duration.ofMinutes(30);
    public static final int DEFAULT_INBOX_ID_CACHE_SIZE = 5_000;
    public static final Duration DEFAULT_SECURITY_INVALIDATION_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 10_000;

    /** About 100 MB of 1 KB envelopes waiting for one user on one node. */
    public static final long DEFAULT_INBOX_PAGE_LIMIT_MESSAGES = 100_000;

    /**
     * The largest inbox message client-core sends: a file of its default maximum (100 MiB) streamed
     * as one large message, {@code "PRLYFIL1" || u32 || envelope (at most 8 MiB) || chunk stream}
     * (client-core's {@code FileService.maxStreamBytes}); a text envelope is at most 8 MiB, so it
     * fits too.
     */
    public static final long DEFAULT_INBOX_MESSAGE_MAX_BYTES =
            8 + 4 + Envelope.MAX_BYTES + FileCrypto.ciphertextLength(100L * 1024 * 1024);

    /**
     * Five devices per account, each with room for a connection that lingers while it reconnects.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 10;

    /** One sender's messages waiting in one inbox on one node; 1 % of the inbox's page limit. */
    public static final long DEFAULT_INBOX_SENDER_SHARE_MESSAGES = 1_000;

    public static final Duration DEFAULT_ACCOUNT_CACHE_TTL = Duration.ofSeconds(30);
    static final Duration MAX_ACCOUNT_CACHE_TTL = Duration.ofHours(1);

    /** Shorter secrets are refused: they guard full cluster access and management. */
    public static final int MIN_PASSWORD_LENGTH = 16;

    static final long MIN_INBOX_MAX_BYTES = 64 * 1024;
    static final long MAX_JOURNAL_BUFFER_TIMEOUT_NANOS = 1_000_000_000L;

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    // Host names, IPv4 and bracket-less IPv6 literals; nothing that could break a URL or
    // broker.xml.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");

    public BrokerNodeConfig {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException(
                    "nodeId must be 1 to 64 letters, digits, '.', '_' or '-' "
                            + "starting with a letter or digit, got "
                            + quote(nodeId)
                            + ".");
        }
        host = requireHost(host, "host");
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            throw new IllegalArgumentException(
                    "host is also advertised to the other nodes, so it must be an "
                            + "address they can reach, not the wildcard "
                            + host
                            + ".");
        }
        requirePort(port, "port");
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required.");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        peers = validatePeers(peers, host, port);
        if (tokenPublicKey == null || tokenPublicKey.length != 32) {
            throw new IllegalArgumentException(
                    "tokenPublicKey must be the auth server's 32-byte Ed25519 public key"
                            + (tokenPublicKey == null
                                    ? "."
                                    : ", got " + tokenPublicKey.length + " bytes."));
        }
        tokenPublicKey = tokenPublicKey.clone();
        requireSecret(clusterPassword, "clusterPassword");
        requireSecret(servicePassword, "servicePassword");
        if (clusterPassword.equals(servicePassword)) {
            throw new IllegalArgumentException(
                    "clusterPassword and servicePassword must differ: the service "
                            + "password is handed to the auth servers, the cluster password gives full access.");
        }
        if (journalBufferTimeoutNanos > MAX_JOURNAL_BUFFER_TIMEOUT_NANOS) {
            throw new IllegalArgumentException(
                    "journalBufferTimeoutNanos must be at most 1 s (or 0 to calibrate), got "
                            + journalBufferTimeoutNanos
                            + ".");
        }
        if (inboxMaxBytes < MIN_INBOX_MAX_BYTES) {
            throw new IllegalArgumentException(
                    "inboxMaxBytes must be at least "
                            + MIN_INBOX_MAX_BYTES
                            + ", got "
                            + inboxMaxBytes
                            + ".");
        }
        if (maxDeliveryAttempts < 1 || maxDeliveryAttempts > 1000) {
            throw new IllegalArgumentException(
                    "maxDeliveryAttempts must be 1 to 1000, got " + maxDeliveryAttempts + ".");
        }
        requirePositive(inboxAutoDeleteDelay, "inboxAutoDeleteDelay");
        if (inboxIdCacheSize < 100 || inboxIdCacheSize > 1_000_000) {
            throw new IllegalArgumentException(
                    "inboxIdCacheSize must be 100 to 1000000, got " + inboxIdCacheSize + ".");
        }
        requirePositive(securityInvalidationInterval, "securityInvalidationInterval");
        if (tokenCacheSize < 0) {
            throw new IllegalArgumentException(
                    "tokenCacheSize must not be negative, got " + tokenCacheSize + ".");
        }
        if (inboxPageLimitMessages < 1) {
            throw new IllegalArgumentException(
                    "inboxPageLimitMessages must be positive, got " + inboxPageLimitMessages + ".");
        }
        if (inboxMessageMaxBytes < MIN_INBOX_MAX_BYTES) {
            throw new IllegalArgumentException(
                    "inboxMessageMaxBytes must be at least "
                            + MIN_INBOX_MAX_BYTES
                            + ", got "
                            + inboxMessageMaxBytes
                            + ".");
        }
        if (maxConnectionsPerUser < 1 || maxConnectionsPerUser > 10_000) {
            throw new IllegalArgumentException(
                    "maxConnectionsPerUser must be 1 to 10000, got " + maxConnectionsPerUser + ".");
        }
        if (inboxSenderShareMessages < 1) {
            throw new IllegalArgumentException(
                    "inboxSenderShareMessages must be positive, got "
                            + inboxSenderShareMessages
                            + ".");
        }
        if (authUrl != null) {
            authUrl = requireAuthUrl(authUrl);
        }
        requirePositive(accountCacheTtl, "accountCacheTtl");
        if (accountCacheTtl.compareTo(MAX_ACCOUNT_CACHE_TTL) > 0) {
            throw new IllegalArgumentException(
                    "accountCacheTtl must be at most "
                            + MAX_ACCOUNT_CACHE_TTL
                            + " (it bounds how long a revoked presence viewer keeps watching), got "
                            + accountCacheTtl
                            + ".");
        }
    }

    /**
     * An absolute http(s) URL with a host and nothing the node would send somewhere else (user
     * info, query).
     */
    private static java.net.URI requireAuthUrl(java.net.URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute()
                || !(scheme.equals("http") || scheme.equals("https"))
                || url.getHost() == null
                || url.getRawUserInfo() != null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || (url.getRawPath() != null
                        && !url.getRawPath().isEmpty()
                        && !url.getRawPath().equals("/"))) {
            throw new IllegalArgumentException(
                    "authUrl must be the auth server's base URL, http(s)://host[:port], got '"
                            + url
                            + "'.");
        }
        return java.net.URI.create(scheme + "://" + url.getRawAuthority());
    }

    /** A copy: the key must not change under a running node. */
    @Override
    public byte[] tokenPublicKey() {
        return tokenPublicKey.clone();
    }

    /** {@code tcp://host:port}, the URL clients and probes use for this node. */
    public String url() {
        return "tcp://" + hostForUrl(host) + ":" + port;
    }

    boolean calibrateJournal() {
        return journalBufferTimeoutNanos <= 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .nodeId(nodeId)
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .peers(peers)
                .tokenPublicKey(tokenPublicKey)
                .clusterPassword(clusterPassword)
                .servicePassword(servicePassword)
                .journalBufferTimeoutNanos(journalBufferTimeoutNanos)
                .inboxMaxBytes(inboxMaxBytes)
                .maxDeliveryAttempts(maxDeliveryAttempts)
                .inboxAutoDeleteDelay(inboxAutoDeleteDelay)
                .inboxIdCacheSize(inboxIdCacheSize)
                .securityInvalidationInterval(securityInvalidationInterval)
                .tokenCacheSize(tokenCacheSize)
                .inboxPageLimitMessages(inboxPageLimitMessages)
                .inboxMessageMaxBytes(inboxMessageMaxBytes)
                .maxConnectionsPerUser(maxConnectionsPerUser)
                .inboxSenderShareMessages(inboxSenderShareMessages)
                .authUrl(authUrl)
                .accountCacheTtl(accountCacheTtl);
    }

    /**
     * Flag names accepted by {@link #fromFlags}, with what they mean (for a command's help text).
     */
    public static Map<String, String> flagHelp() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put("node-id", "broker name, unique in the cluster (required)");
        help.put("host", "address to listen on and advertise (default " + DEFAULT_HOST + ")");
        help.put("port", "CORE acceptor port (default " + DEFAULT_PORT + ")");
        help.put("data-dir", "journal and state directory (required)");
        help.put("peers", "comma-separated host:port of the other nodes (default none)");
        help.put(
                "token-public-key",
                "auth server public key, base64 (this or token-public-key-file)");
        help.put(
                "token-public-key-file",
                "file holding the base64 public key, e.g. auth-signing.pub");
        help.put("cluster-password", "password of the parley-cluster user (required)");
        help.put("service-password", "password of the parley-service user (required)");
        help.put(
                "journal-buffer-timeout-ns",
                "journal buffer timeout; 0 = measure the disk (default 0)");
        help.put(
                "inbox-max-bytes",
                "per-inbox memory before paging (default " + DEFAULT_INBOX_MAX_BYTES + ")");
        help.put(
                "max-delivery-attempts",
                "deliveries before dead-lettering (default " + DEFAULT_MAX_DELIVERY_ATTEMPTS + ")");
        help.put(
                "inbox-auto-delete-delay",
                "ISO-8601 duration an empty inbox lingers (default "
                        + DEFAULT_INBOX_AUTO_DELETE_DELAY
                        + ")");
        help.put(
                "inbox-id-cache-size",
                "duplicate ids kept per inbox (default " + DEFAULT_INBOX_ID_CACHE_SIZE + ")");
        help.put(
                "security-invalidation-interval",
                "ISO-8601 duration of Artemis' security caches (default "
                        + DEFAULT_SECURITY_INVALIDATION_INTERVAL
                        + ")");
        help.put(
                "token-cache-size",
                "verified tokens remembered (default " + DEFAULT_TOKEN_CACHE_SIZE + ")");
        help.put(
                "inbox-page-limit-messages",
                "messages an inbox may hold paged on disk before sends to it are refused"
                        + " (default "
                        + DEFAULT_INBOX_PAGE_LIMIT_MESSAGES
                        + ")");
        help.put(
                "inbox-message-max-bytes",
                "largest message body accepted into an inbox, files included (default "
                        + DEFAULT_INBOX_MESSAGE_MAX_BYTES
                        + ")");
        help.put(
                "max-connections-per-user",
                "connections one user may hold on this node (default "
                        + DEFAULT_MAX_CONNECTIONS_PER_USER
                        + ")");
        help.put(
                "inbox-sender-share-messages",
                "messages one sender may have waiting in one inbox on this node"
                        + " (default "
                        + DEFAULT_INBOX_SENDER_SHARE_MESSAGES
                        + ")");
        help.put(
                "auth-url",
                "the auth server's base URL, http(s)://host:port, asked which names are accounts and who"
                        + " may follow whose presence (required)");
        help.put(
                "account-cache-ttl",
                "ISO-8601 duration an account lookup is trusted (default "
                        + DEFAULT_ACCOUNT_CACHE_TTL
                        + ")");
        return help;
    }

    /**
     * Builds a config from command-line flags (names as in {@link #flagHelp()}, without the leading
     * dashes). Unknown flags and malformed numbers are refused.
     */
    public static BrokerNodeConfig fromFlags(Map<String, String> flags) {
        Set<String> unknown = new HashSet<>(flags.keySet());
        unknown.removeAll(flagHelp().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown broker option(s): "
                            + String.join(", ", unknown.stream().sorted().toList())
                            + ". Known: "
                            + String.join(", ", flagHelp().keySet())
                            + ".");
        }
        Builder b = builder();
        b.nodeId(flags.get("node-id"));
        if (flags.containsKey("host")) {
            b.host(flags.get("host"));
        }
        if (flags.containsKey("port")) {
            b.port((int) parseLong(flags, "port"));
        }
        String dataDir = flags.get("data-dir");
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("data-dir is required.");
        }
        b.dataDir(Path.of(dataDir));
        if (flags.containsKey("peers")) {
            b.peers(parsePeerList(flags.get("peers")));
        }
        String key = flags.get("token-public-key");
        String keyFile = flags.get("token-public-key-file");
        if ((key == null) == (keyFile == null)) {
            throw new IllegalArgumentException(
                    "Give exactly one of token-public-key and token-public-key-file.");
        }
        b.tokenPublicKey(
                key != null
                        ? decodePublicKey(key, "token-public-key")
                        : readPublicKeyFile(Path.of(keyFile)));
        b.clusterPassword(flags.get("cluster-password"));
        b.servicePassword(flags.get("service-password"));
        if (flags.containsKey("journal-buffer-timeout-ns")) {
            b.journalBufferTimeoutNanos(parseLong(flags, "journal-buffer-timeout-ns"));
        }
        if (flags.containsKey("inbox-max-bytes")) {
            b.inboxMaxBytes(parseLong(flags, "inbox-max-bytes"));
        }
        if (flags.containsKey("max-delivery-attempts")) {
            b.maxDeliveryAttempts((int) parseLong(flags, "max-delivery-attempts"));
        }
        if (flags.containsKey("inbox-auto-delete-delay")) {
            b.inboxAutoDeleteDelay(parseDuration(flags, "inbox-auto-delete-delay"));
        }
        if (flags.containsKey("inbox-id-cache-size")) {
            b.inboxIdCacheSize((int) parseLong(flags, "inbox-id-cache-size"));
        }
        if (flags.containsKey("security-invalidation-interval")) {
            b.securityInvalidationInterval(parseDuration(flags, "security-invalidation-interval"));
        }
        if (flags.containsKey("token-cache-size")) {
            b.tokenCacheSize((int) parseLong(flags, "token-cache-size"));
        }
        if (flags.containsKey("inbox-page-limit-messages")) {
            b.inboxPageLimitMessages(parseLong(flags, "inbox-page-limit-messages"));
        }
        if (flags.containsKey("inbox-message-max-bytes")) {
            b.inboxMessageMaxBytes(parseLong(flags, "inbox-message-max-bytes"));
        }
        if (flags.containsKey("max-connections-per-user")) {
            b.maxConnectionsPerUser((int) parseLong(flags, "max-connections-per-user"));
        }
        if (flags.containsKey("inbox-sender-share-messages")) {
            b.inboxSenderShareMessages(parseLong(flags, "inbox-sender-share-messages"));
        }
        // A node started from flags is a real one: it must know the accounts (see authUrl).
        String authUrl = flags.get("auth-url");
        if (authUrl == null || authUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "auth-url is required: the node asks the auth server which names are accounts.");
        }
        try {
            b.authUrl(java.net.URI.create(authUrl.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "auth-url must be a URL such as http://10.0.0.5:8080, got "
                            + quote(authUrl)
                            + ".",
                    e);
        }
        if (flags.containsKey("account-cache-ttl")) {
            b.accountCacheTtl(parseDuration(flags, "account-cache-ttl"));
        }
        return b.build();
    }

    /** {@code "a:1, b:2"} → {@code [a:1, b:2]}; blank → empty. */
    public static List<String> parsePeerList(String commaSeparated) {
        List<String> peers = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return peers;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                peers.add(part.trim());
            }
        }
        return peers;
    }

    /** Reads the auth server's {@code auth-signing.pub} (base64 of the 32-byte key). */
    public static byte[] readPublicKeyFile(Path file) {
        try {
            return decodePublicKey(
                    Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read the token public key from " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decodePublicKey(String base64, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length != 32) {
                throw new IllegalArgumentException(
                        "The token public key in "
                                + source
                                + " is "
                                + key.length
                                + " bytes; an Ed25519 public key is 32.");
            }
            return key;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("The token public key")) {
                throw e;
            }
            throw new IllegalArgumentException(
                    "The token public key in " + source + " is not valid base64.", e);
        }
    }

    private static long parseLong(Map<String, String> flags, String name) {
        String value = flags.get(name);
        try {
            return Long.parseLong(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " must be a whole number, got " + quote(value) + ".", e);
        }
    }

    private static Duration parseDuration(Map<String, String> flags, String name) {
        String value = flags.get(name);
        try {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " must be an ISO-8601 duration such as PT30M, got " + quote(value) + ".",
                    e);
        }
    }

    private static List<String> validatePeers(List<String> peers, String host, int port) {
        if (peers == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> normalized = new ArrayList<>();
        for (String peer : peers) {
            HostPort hp = HostPort.parse(peer);
            String canonical = hp.toString();
            if (hp.host().equalsIgnoreCase(host) && hp.port() == port) {
                throw new IllegalArgumentException(
                        "peers must not contain this node itself (" + canonical + ").");
            }
            if (!seen.add(canonical.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("peers lists " + canonical + " twice.");
            }
            normalized.add(canonical);
        }
        return List.copyOf(normalized);
    }

    private static String requireHost(String host, String what) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException(
                    what + " must be a host name or IP address, got " + quote(host) + ".");
        }
        return host;
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1 to 65535, got " + port + ".");
        }
    }

    private static void requireSecret(String secret, String what) {
        if (secret == null || secret.length() < MIN_PASSWORD_LENGTH || secret.isBlank()) {
            throw new IllegalArgumentException(
                    what + " must be at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (secret.length() > 1024 || secret.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    what + " must be at most 1024 printable characters.");
        }
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    what + " must be a positive duration, got " + duration + ".");
        }
    }

    static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerNodeConfig other
                && nodeId.equals(other.nodeId)
                && host.equals(other.host)
                && port == other.port
                && dataDir.equals(other.dataDir)
                && peers.equals(other.peers)
                && java.util.Arrays.equals(tokenPublicKey, other.tokenPublicKey)
                && clusterPassword.equals(other.clusterPassword)
                && servicePassword.equals(other.servicePassword)
                && journalBufferTimeoutNanos == other.journalBufferTimeoutNanos
                && inboxMaxBytes == other.inboxMaxBytes
                && maxDeliveryAttempts == other.maxDeliveryAttempts
                && inboxAutoDeleteDelay.equals(other.inboxAutoDeleteDelay)
                && inboxIdCacheSize == other.inboxIdCacheSize
                && securityInvalidationInterval.equals(other.securityInvalidationInterval)
                && tokenCacheSize == other.tokenCacheSize
                && inboxPageLimitMessages == other.inboxPageLimitMessages
                && inboxMessageMaxBytes == other.inboxMessageMaxBytes
                && maxConnectionsPerUser == other.maxConnectionsPerUser
                && inboxSenderShareMessages == other.inboxSenderShareMessages
                && Objects.equals(authUrl, other.authUrl)
                && accountCacheTtl.equals(other.accountCacheTtl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, host, port, dataDir, peers);
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "BrokerNodeConfig[nodeId="
                + nodeId
                + ", url="
                + url()
                + ", dataDir="
                + dataDir
                + ", peers="
                + peers
                + ", tokenPublicKey="
                + Base64.getEncoder().encodeToString(tokenPublicKey)
                + ", clusterPassword=***, servicePassword=***, journalBufferTimeoutNanos="
                + (calibrateJournal() ? "calibrate" : journalBufferTimeoutNanos)
                + ", inboxMaxBytes="
                + inboxMaxBytes
                + ", maxDeliveryAttempts="
                + maxDeliveryAttempts
                + ", inboxAutoDeleteDelay="
                + inboxAutoDeleteDelay
                + ", inboxIdCacheSize="
                + inboxIdCacheSize
                + ", securityInvalidationInterval="
                + securityInvalidationInterval
                + ", tokenCacheSize="
                + tokenCacheSize
                + ", inboxPageLimitMessages="
                + inboxPageLimitMessages
                + ", inboxMessageMaxBytes="
                + inboxMessageMaxBytes
                + ", maxConnectionsPerUser="
                + maxConnectionsPerUser
                + ", inboxSenderShareMessages="
                + inboxSenderShareMessages
                + ", authUrl="
                + authUrl
                + ", accountCacheTtl="
                + accountCacheTtl
                + "]";
    }

    /** A peer address. */
    record HostPort(String host, int port) {

        static HostPort parse(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("A peer must be host:port, got nothing.");
            }
            String v = value.strip();
            String host;
            String portText;
            if (v.startsWith("[")) {
                int close = v.indexOf(']');
                if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(
                            "A peer must be host:port, got '" + value + "'.");
                }
                host = v.substring(1, close);
                portText = v.substring(close + 2);
            } else {
                int colon = v.lastIndexOf(':');
                if (colon <= 0 || v.indexOf(':') != colon) {
                    throw new IllegalArgumentException(
                            "A peer must be host:port (IPv6 in brackets), got '" + value + "'.");
                }
                host = v.substring(0, colon);
                portText = v.substring(colon + 1);
            }
            requireHost(host, "A peer's host");
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "A peer's port must be a number, got '" + value + "'.", e);
            }
            requirePort(port, "A peer's port");
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return hostForUrl(host) + ":" + port;
        }
    }

    /** Fills in the defaults; {@link #build()} validates. */
    public static final class Builder {
        private String nodeId;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir;
        private List<String> peers = List.of();
        private byte[] tokenPublicKey;
        private String clusterPassword;
        private String servicePassword;
        private long journalBufferTimeoutNanos = CALIBRATE;
        private long inboxMaxBytes = DEFAULT_INBOX_MAX_BYTES;
        private int maxDeliveryAttempts = DEFAULT_MAX_DELIVERY_ATTEMPTS;
        private Duration inboxAutoDeleteDelay = DEFAULT_INBOX_AUTO_DELETE_DELAY;
        private int inboxIdCacheSize = DEFAULT_INBOX_ID_CACHE_SIZE;
        private Duration securityInvalidationInterval = DEFAULT_SECURITY_INVALIDATION_INTERVAL;
        private int tokenCacheSize = DEFAULT_TOKEN_CACHE_SIZE;
        private long inboxPageLimitMessages = DEFAULT_INBOX_PAGE_LIMIT_MESSAGES;
        private long inboxMessageMaxBytes = DEFAULT_INBOX_MESSAGE_MAX_BYTES;
        private int maxConnectionsPerUser = DEFAULT_MAX_CONNECTIONS_PER_USER;
        private long inboxSenderShareMessages = DEFAULT_INBOX_SENDER_SHARE_MESSAGES;
        private java.net.URI authUrl;
        private Duration accountCacheTtl = DEFAULT_ACCOUNT_CACHE_TTL;

        private Builder() {}

        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder peers(List<String> v) {
            peers = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder tokenPublicKey(byte[] v) {
            tokenPublicKey = v == null ? null : v.clone();
            return this;
        }

        public Builder clusterPassword(String v) {
            clusterPassword = v;
            return this;
        }

        public Builder servicePassword(String v) {
            servicePassword = v;
            return this;
        }

        public Builder journalBufferTimeoutNanos(long v) {
            journalBufferTimeoutNanos = v;
            return this;
        }

        public Builder inboxMaxBytes(long v) {
            inboxMaxBytes = v;
            return this;
        }

        public Builder maxDeliveryAttempts(int v) {
            maxDeliveryAttempts = v;
            return this;
        }

        public Builder inboxAutoDeleteDelay(Duration v) {
            inboxAutoDeleteDelay = v;
            return this;
        }

        public Builder inboxIdCacheSize(int v) {
            inboxIdCacheSize = v;
            return this;
        }

        public Builder securityInvalidationInterval(Duration v) {
            securityInvalidationInterval = v;
            return this;
        }

        public Builder tokenCacheSize(int v) {
            tokenCacheSize = v;
            return this;
        }

        public Builder inboxPageLimitMessages(long v) {
            inboxPageLimitMessages = v;
            return this;
        }

        public Builder inboxMessageMaxBytes(long v) {
            inboxMessageMaxBytes = v;
            return this;
        }

        public Builder maxConnectionsPerUser(int v) {
            maxConnectionsPerUser = v;
            return this;
        }

        public Builder inboxSenderShareMessages(long v) {
            inboxSenderShareMessages = v;
            return this;
        }

        public Builder authUrl(java.net.URI v) {
            authUrl = v;
            return this;
        }

        public Builder accountCacheTtl(Duration v) {
            accountCacheTtl = v;
            return this;
        }

        public BrokerNodeConfig build() {
            return new BrokerNodeConfig(
                    nodeId,
                    host,
                    port,
                    dataDir,
                    peers,
                    tokenPublicKey,
                    clusterPassword,
                    servicePassword,
                    journalBufferTimeoutNanos,
                    inboxMaxBytes,
                    maxDeliveryAttempts,
                    inboxAutoDeleteDelay,
                    inboxIdCacheSize,
                    securityInvalidationInterval,
                    tokenCacheSize,
                    inboxPageLimitMessages,
                    inboxMessageMaxBytes,
                    maxConnectionsPerUser,
                    inboxSenderShareMessages,
                    authUrl,
                    accountCacheTtl);
        }
    }
}
