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
import org.jspecify.annotations.Nullable;
import org.parley.config.ConfigException;
import org.parley.config.Secret;
import org.parley.config.Settings;
import org.parley.crypto.FileCrypto;
import org.parley.model.Envelope;

/**
 * Everything one broker node needs, validated on construction so that a bad setting fails at
 * start-up with a sentence per problem instead of deep inside Artemis. Loaded by {@link #load} from
 * a properties file, {@code PARLEY_BROKER_*} environment variables and flags, with the keys of
 * {@link #keyHelp()}; problems name those keys.
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
        Secret clusterPassword,
        Secret servicePassword,
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
        java.net.@Nullable URI authUrl,
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
        List<String> problems = new ArrayList<>();
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            problems.add(
                    "node-id must be 1 to 64 letters, digits, '.', '_' or '-' "
                            + "starting with a letter or digit, got "
                            + quote(nodeId));
        }
        if (!isHost(host)) {
            problems.add("host must be a host name or IP address, got " + quote(host));
        } else if ("0.0.0.0".equals(host) || "::".equals(host)) {
            problems.add(
                    "host is also advertised to the other nodes, so it must be an "
                            + "address they can reach, not the wildcard "
                            + host);
        }
        if (!isPort(port)) {
            problems.add("port must be 1 to 65535, got " + port);
        }
        if (dataDir == null) {
            problems.add("data-dir is required");
        } else {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
        peers = validatePeers(peers, host, port, problems);
        if (tokenPublicKey == null || tokenPublicKey.length != 32) {
            problems.add(
                    "token-public-key must be the auth server's 32-byte Ed25519 public key"
                            + (tokenPublicKey == null
                                    ? ""
                                    : ", got " + tokenPublicKey.length + " bytes"));
        } else {
            tokenPublicKey = tokenPublicKey.clone();
        }
        checkSecret(clusterPassword, "cluster-password", problems);
        checkSecret(servicePassword, "service-password", problems);
        if (clusterPassword != null && clusterPassword.equals(servicePassword)) {
            problems.add(
                    "cluster-password and service-password must differ: the service "
                            + "password is handed to the auth servers, the cluster password gives full access");
        }
        if (journalBufferTimeoutNanos > MAX_JOURNAL_BUFFER_TIMEOUT_NANOS) {
            problems.add(
                    "journal-buffer-timeout-ns must be at most 1 s (or 0 to calibrate), got "
                            + journalBufferTimeoutNanos);
        }
        if (inboxMaxBytes < MIN_INBOX_MAX_BYTES) {
            problems.add(
                    "inbox-max-bytes must be at least "
                            + MIN_INBOX_MAX_BYTES
                            + ", got "
                            + inboxMaxBytes);
        }
        if (maxDeliveryAttempts < 1 || maxDeliveryAttempts > 1000) {
            problems.add("max-delivery-attempts must be 1 to 1000, got " + maxDeliveryAttempts);
        }
        checkPositive(inboxAutoDeleteDelay, "inbox-auto-delete-delay", problems);
        if (inboxIdCacheSize < 100 || inboxIdCacheSize > 1_000_000) {
            problems.add("inbox-id-cache-size must be 100 to 1000000, got " + inboxIdCacheSize);
        }
        checkPositive(securityInvalidationInterval, "security-invalidation-interval", problems);
        if (tokenCacheSize < 0) {
            problems.add("token-cache-size must not be negative, got " + tokenCacheSize);
        }
        if (inboxPageLimitMessages < 1) {
            problems.add(
                    "inbox-page-limit-messages must be positive, got " + inboxPageLimitMessages);
        }
        if (inboxMessageMaxBytes < MIN_INBOX_MAX_BYTES) {
            problems.add(
                    "inbox-message-max-bytes must be at least "
                            + MIN_INBOX_MAX_BYTES
                            + ", got "
                            + inboxMessageMaxBytes);
        }
        if (maxConnectionsPerUser < 1 || maxConnectionsPerUser > 10_000) {
            problems.add(
                    "max-connections-per-user must be 1 to 10000, got " + maxConnectionsPerUser);
        }
        if (inboxSenderShareMessages < 1) {
            problems.add(
                    "inbox-sender-share-messages must be positive, got "
                            + inboxSenderShareMessages);
        }
        if (authUrl != null) {
            java.net.URI base = authBaseUrl(authUrl);
            if (base == null) {
                problems.add(
                        "auth-url must be the auth server's base URL, http(s)://host[:port], got '"
                                + authUrl
                                + "'");
            }
            authUrl = base;
        }
        if (checkPositive(accountCacheTtl, "account-cache-ttl", problems)
                && accountCacheTtl.compareTo(MAX_ACCOUNT_CACHE_TTL) > 0) {
            problems.add(
                    "account-cache-ttl must be at most "
                            + MAX_ACCOUNT_CACHE_TTL
                            + " (it bounds how long a revoked presence viewer keeps watching), got "
                            + accountCacheTtl);
        }
        ConfigException.throwIfAny(problems);
    }

    /**
     * An absolute http(s) URL with a host and nothing the node would send somewhere else (user
     * info, query), reduced to scheme and authority; null if {@code url} is not one.
     */
    private static java.net.@Nullable URI authBaseUrl(java.net.URI url) {
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
            return null;
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
                .secrets(clusterPassword, servicePassword)
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
     * Environment variables {@code PARLEY_BROKER_<KEY>} set keys, e.g. {@code
     * PARLEY_BROKER_CLUSTER_PASSWORD}.
     */
    public static final String ENV_PREFIX = "PARLEY_BROKER_";

    /** The keys {@link #load} and {@link #from} accept. */
    public static final Set<String> KEYS = Set.copyOf(keyHelp().keySet());

    /**
     * The keys of a broker's configuration (file, {@code PARLEY_BROKER_*} variables, flags), with
     * what they mean, in a sensible order for help text and documentation.
     */
    public static Map<String, String> keyHelp() {
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
        help.put(
                "cluster-password",
                "password of the parley-cluster user, shared by the nodes (this or"
                        + " cluster-password-file; never as a flag)");
        help.put(
                "cluster-password-file",
                "file holding the cluster password (wins over cluster-password)");
        help.put(
                "service-password",
                "password of the parley-service user the auth server probes with (this or"
                        + " service-password-file; never as a flag)");
        help.put(
                "service-password-file",
                "file holding the service password (wins over service-password)");
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
                "how long an empty inbox lingers, a duration (default "
                        + DEFAULT_INBOX_AUTO_DELETE_DELAY
                        + ")");
        help.put(
                "inbox-id-cache-size",
                "duplicate ids kept per inbox (default " + DEFAULT_INBOX_ID_CACHE_SIZE + ")");
        help.put(
                "security-invalidation-interval",
                "how long Artemis caches security decisions, a duration (default "
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
                "how long an account lookup is trusted, a duration (default "
                        + DEFAULT_ACCOUNT_CACHE_TTL
                        + ")");
        return help;
    }

    /**
     * Layers {@code file} (may be null), then {@code PARLEY_BROKER_<KEY>} environment variables,
     * then {@code flags}.
     *
     * @throws ConfigException with every problem found
     */
    public static BrokerNodeConfig load(
            Path file, Map<String, String> env, Map<String, String> flags) {
        return from(Settings.load(KEYS, ENV_PREFIX, file, env, flags));
    }

    /** From one flat map of keys (no file, no environment). */
    public static BrokerNodeConfig fromFlags(Map<String, String> flags) {
        return from(Settings.of(KEYS, flags));
    }

    /**
     * Reads the keys of {@link #keyHelp()} from {@code s}; a node built this way is a real one, so
     * {@code auth-url} is required.
     *
     * @throws ConfigException with every problem found, those already in {@code s} included
     */
    public static BrokerNodeConfig from(Settings s) {
        Builder b = builder();
        b.nodeId(s.string("node-id"));
        b.host(s.string("host", DEFAULT_HOST));
        b.port(s.integer("port", DEFAULT_PORT));
        b.dataDir(s.path("data-dir", null));
        b.peers(parsePeerList(s.string("peers")));
        b.tokenPublicKey(tokenPublicKey(s));
        b.secrets(
                s.secret("cluster-password", "cluster-password-file"),
                s.secret("service-password", "service-password-file"));
        b.journalBufferTimeoutNanos(s.longInteger("journal-buffer-timeout-ns", CALIBRATE));
        b.inboxMaxBytes(s.longInteger("inbox-max-bytes", DEFAULT_INBOX_MAX_BYTES));
        b.maxDeliveryAttempts(s.integer("max-delivery-attempts", DEFAULT_MAX_DELIVERY_ATTEMPTS));
        b.inboxAutoDeleteDelay(
                s.duration("inbox-auto-delete-delay", DEFAULT_INBOX_AUTO_DELETE_DELAY));
        b.inboxIdCacheSize(s.integer("inbox-id-cache-size", DEFAULT_INBOX_ID_CACHE_SIZE));
        b.securityInvalidationInterval(
                s.duration(
                        "security-invalidation-interval", DEFAULT_SECURITY_INVALIDATION_INTERVAL));
        b.tokenCacheSize(s.integer("token-cache-size", DEFAULT_TOKEN_CACHE_SIZE));
        b.inboxPageLimitMessages(
                s.longInteger("inbox-page-limit-messages", DEFAULT_INBOX_PAGE_LIMIT_MESSAGES));
        b.inboxMessageMaxBytes(
                s.longInteger("inbox-message-max-bytes", DEFAULT_INBOX_MESSAGE_MAX_BYTES));
        b.maxConnectionsPerUser(
                s.integer("max-connections-per-user", DEFAULT_MAX_CONNECTIONS_PER_USER));
        b.inboxSenderShareMessages(
                s.longInteger("inbox-sender-share-messages", DEFAULT_INBOX_SENDER_SHARE_MESSAGES));
        if (s.has("auth-url")) {
            b.authUrl(
                    s.value(
                            "auth-url",
                            null,
                            java.net.URI::create,
                            "a URL such as http://10.0.0.5:8080"));
        } else {
            s.problem(
                    "auth-url is required: the node asks the auth server which names are accounts");
        }
        b.accountCacheTtl(s.duration("account-cache-ttl", DEFAULT_ACCOUNT_CACHE_TTL));
        return s.build(b::build);
    }

    /** From {@code token-public-key} (base64) or {@code token-public-key-file}: exactly one. */
    private static byte @Nullable [] tokenPublicKey(Settings s) {
        String key = s.string("token-public-key");
        String keyFile = s.string("token-public-key-file");
        if ((key == null) == (keyFile == null)) {
            s.problem("Give exactly one of token-public-key and token-public-key-file");
            return null;
        }
        try {
            return key != null
                    ? decodePublicKey(key, "token-public-key")
                    : readPublicKeyFile(Path.of(keyFile));
        } catch (IllegalArgumentException e) {
            s.problem(String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** {@code "a:1, b:2"} → {@code [a:1, b:2]}; blank → empty. */
    public static List<String> parsePeerList(@Nullable String commaSeparated) {
        List<String> peers = new ArrayList<>();
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return peers;
        }
        // -1: keep trailing empty parts too; they are blank and skipped like the others.
        for (String part : commaSeparated.split(",", -1)) {
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
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "The token public key in " + source + " is not valid base64.", e);
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(
                    "The token public key in "
                            + source
                            + " is "
                            + key.length
                            + " bytes; an Ed25519 public key is 32.");
        }
        return key;
    }

    private static List<String> validatePeers(
            List<String> peers, String host, int port, List<String> problems) {
        if (peers == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<String> normalized = new ArrayList<>();
        for (String peer : peers) {
            HostPort hp;
            try {
                hp = HostPort.parse(peer);
            } catch (IllegalArgumentException e) {
                problems.add("peers: " + e.getMessage());
                continue;
            }
            String canonical = hp.toString();
            if (hp.host().equalsIgnoreCase(host) && hp.port() == port) {
                problems.add("peers must not contain this node itself (" + canonical + ")");
            } else if (!seen.add(canonical.toLowerCase(Locale.ROOT))) {
                problems.add("peers lists " + canonical + " twice");
            } else {
                normalized.add(canonical);
            }
        }
        return List.copyOf(normalized);
    }

    private static boolean isHost(String host) {
        return host != null && HOST.matcher(host).matches();
    }

    private static boolean isPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private static void checkSecret(Secret secret, String key, List<String> problems) {
        if (secret == null) {
            problems.add(key + " is required");
            return;
        }
        String value = secret.reveal();
        if (value.length() < MIN_PASSWORD_LENGTH || value.isBlank()) {
            problems.add(key + " must be at least " + MIN_PASSWORD_LENGTH + " characters");
        } else if (value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(key + " must be at most 1024 printable characters");
        }
    }

    /** False (and a problem) unless {@code duration} is positive. */
    private static boolean checkPositive(Duration duration, String key, List<String> problems) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            problems.add(key + " must be a positive duration, got " + duration);
            return false;
        }
        return true;
    }

    static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    /** Compares the key by content (a record would compare the arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerNodeConfig other
                && Objects.equals(nodeId, other.nodeId)
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
            if (!isHost(host)) {
                throw new IllegalArgumentException(
                        "A peer's host must be a host name or IP address, got '" + value + "'.");
            }
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "A peer's port must be a number, got '" + value + "'.", e);
            }
            if (!isPort(port)) {
                throw new IllegalArgumentException(
                        "A peer's port must be 1 to 65535, got '" + value + "'.");
            }
            return new HostPort(host, port);
        }

        @Override
        public String toString() {
            return hostForUrl(host) + ":" + port;
        }
    }

    /** Fills in the defaults; {@link #build()} validates. */
    public static final class Builder {
        private @Nullable String nodeId;
        private @Nullable String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private @Nullable Path dataDir;
        private List<String> peers = List.of();
        private byte @Nullable [] tokenPublicKey;
        private @Nullable Secret clusterPassword;
        private @Nullable Secret servicePassword;
        private long journalBufferTimeoutNanos = CALIBRATE;
        private long inboxMaxBytes = DEFAULT_INBOX_MAX_BYTES;
        private int maxDeliveryAttempts = DEFAULT_MAX_DELIVERY_ATTEMPTS;
        private @Nullable Duration inboxAutoDeleteDelay = DEFAULT_INBOX_AUTO_DELETE_DELAY;
        private int inboxIdCacheSize = DEFAULT_INBOX_ID_CACHE_SIZE;
        private @Nullable Duration securityInvalidationInterval =
                DEFAULT_SECURITY_INVALIDATION_INTERVAL;
        private int tokenCacheSize = DEFAULT_TOKEN_CACHE_SIZE;
        private long inboxPageLimitMessages = DEFAULT_INBOX_PAGE_LIMIT_MESSAGES;
        private long inboxMessageMaxBytes = DEFAULT_INBOX_MESSAGE_MAX_BYTES;
        private int maxConnectionsPerUser = DEFAULT_MAX_CONNECTIONS_PER_USER;
        private long inboxSenderShareMessages = DEFAULT_INBOX_SENDER_SHARE_MESSAGES;
        private java.net.@Nullable URI authUrl;
        private @Nullable Duration accountCacheTtl = DEFAULT_ACCOUNT_CACHE_TTL;

        private Builder() {}

        public Builder nodeId(@Nullable String v) {
            nodeId = v;
            return this;
        }

        public Builder host(@Nullable String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder dataDir(@Nullable Path v) {
            dataDir = v;
            return this;
        }

        public Builder peers(@Nullable List<String> v) {
            peers = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder tokenPublicKey(byte @Nullable [] v) {
            tokenPublicKey = v == null ? null : v.clone();
            return this;
        }

        public Builder clusterPassword(@Nullable String v) {
            clusterPassword = Secret.ofNullable(v);
            return this;
        }

        public Builder servicePassword(@Nullable String v) {
            servicePassword = Secret.ofNullable(v);
            return this;
        }

        private Builder secrets(@Nullable Secret cluster, @Nullable Secret service) {
            clusterPassword = cluster;
            servicePassword = service;
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

        public Builder inboxAutoDeleteDelay(@Nullable Duration v) {
            inboxAutoDeleteDelay = v;
            return this;
        }

        public Builder inboxIdCacheSize(int v) {
            inboxIdCacheSize = v;
            return this;
        }

        public Builder securityInvalidationInterval(@Nullable Duration v) {
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

        public Builder authUrl(java.net.@Nullable URI v) {
            authUrl = v;
            return this;
        }

        public Builder accountCacheTtl(@Nullable Duration v) {
            accountCacheTtl = v;
            return this;
        }

        // A missing value goes on to the compact constructor, which reports it with every other
        // problem; NullAway cannot see that check.
        @SuppressWarnings("NullAway")
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
