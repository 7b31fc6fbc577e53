package org.parley.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.InvalidTokenException;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.model.Addresses;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates and authorizes every broker connection without calling the auth server.
 *
 * <p>Three kinds of user:
 *
 * <ul>
 *   <li>a Parley user: username = Parley username, password = a session token signed by the auth
 *       server for that username and not expired when the connection is made;
 *   <li>{@value #CLUSTER_USER}: the bridges between nodes (Artemis itself lets it do anything);
 *   <li>{@value #SERVICE_USER}: the auth server's load probe, read-only management, and revocations
 *       sent to {@value #REVOCATIONS_ADDRESS} (disabled accounts).
 * </ul>
 *
 * <p>Authorization follows Parley's rules, not Artemis' security-settings (the {@code roles}
 * argument is ignored). Artemis asks with {@code address} or {@code address::queue}; the checks a
 * JMS client causes, and what a Parley user gets, are:
 *
 * <ul>
 *   <li>producer to {@code parley.inbox.bob} that does not exist yet: CREATE_ADDRESS {@code
 *       parley.inbox.bob}, CREATE_DURABLE_QUEUE {@code parley.inbox.bob::parley.inbox.bob}, then
 *       SEND {@code parley.inbox.bob} per message — the creations only if bob is an account ({@link
 *       AccountDirectory}; the owner's own token proves it), SEND always;
 *   <li>consumer on the own inbox: CREATE_DURABLE_QUEUE (if missing), then CONSUME {@code
 *       parley.inbox.me::parley.inbox.me} — CONSUME and BROWSE only for the own inbox;
 *   <li>non-durable topic subscriber on {@code parley.presence.bob}: CREATE_ADDRESS {@code
 *       parley.presence.bob} (if missing), CREATE_NON_DURABLE_QUEUE {@code
 *       parley.presence.bob::<uuid>} (only bob and the viewers bob permits), CONSUME of it, and
 *       DELETE_NON_DURABLE_QUEUE of it when the subscriber closes — the last two only for a
 *       subscription queue the user created.
 * </ul>
 *
 * Everything else (DELETE_*, MANAGE, VIEW, EDIT, other names, wildcards) is refused.
 *
 * <p>A token issued before its user's entry in the {@link RevocationList} is refused, also on an
 * established connection that re-authenticates; so is a token whose id (its login session) was
 * logged out.
 *
 * <p>The token is checked when a connection authenticates. Artemis re-authenticates an established
 * connection when its caches lapse; that connection keeps its identity even after its token expires
 * (the identity was proven on connect), so a long chat is not cut every 15 minutes. New connections
 * always need a valid token.
 */
public final class TokenSecurityManager implements ActiveMQSecurityManager5 {

    public static final String CLUSTER_USER = "parley-cluster";
    public static final String SERVICE_USER = "parley-service";
    public static final String MANAGEMENT_ADDRESS = "activemq.management";

    /** Prefix Artemis puts before {@code resource.method} for management-message-rbac checks. */
    public static final String MANAGEMENT_RBAC_PREFIX = "mops.";

    /** Reply queues of the service user's management requests: this prefix and a random UUID. */
    public static final String SERVICE_REPLY_PREFIX = "parley.service.reply.";

    /**
     * Where the service user sends revocations ({@link RevocationPlugin}); nobody else may send
     * there.
     */
    public static final String REVOCATIONS_ADDRESS = "parley.control.revocations";

    static final String ROLE_CHAT = "parley-user";
    static final String ROLE_CLUSTER = "parley-cluster";
    static final String ROLE_SERVICE = "parley-service";

    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String FQQN_SEPARATOR = "::";
    private static final Logger log = LoggerFactory.getLogger(TokenSecurityManager.class);

    /** Who created a queue (Artemis records the validated user on every queue). */
    @FunctionalInterface
    public interface QueueOwners {
        Optional<String> ownerOf(String queueName);
    }

    private final byte[] tokenPublicKey;
    private final byte[] clusterPasswordBytes;
    private final byte[] servicePasswordBytes;
    private final Clock clock;
    private final int tokenCacheSize;
    private final QueueOwners queueOwners;
    private final RevocationList revocations;
    private final AccountDirectory directory;
    private final ConcurrentHashMap<TokenDigest, Verified> verifiedTokens =
            new ConcurrentHashMap<>();

    /**
     * @param revocations users whose tokens issued before some instant are refused (disabled
     *     accounts)
     * @param directory which names are accounts and who may follow whose presence
     */
    public TokenSecurityManager(
            byte[] tokenPublicKey,
            String clusterPassword,
            String servicePassword,
            Clock clock,
            int tokenCacheSize,
            QueueOwners queueOwners,
            RevocationList revocations,
            AccountDirectory directory) {
        if (tokenPublicKey == null || tokenPublicKey.length != 32) {
            throw new IllegalArgumentException("tokenPublicKey must be 32 bytes.");
        }
        if (clusterPassword == null
                || clusterPassword.isEmpty()
                || servicePassword == null
                || servicePassword.isEmpty()) {
            throw new IllegalArgumentException("The cluster and service passwords are required.");
        }
        this.tokenPublicKey = tokenPublicKey.clone();
        this.clusterPasswordBytes = clusterPassword.getBytes(StandardCharsets.UTF_8);
        this.servicePasswordBytes = servicePassword.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.tokenCacheSize = tokenCacheSize;
        this.queueOwners = queueOwners;
        this.revocations = java.util.Objects.requireNonNull(revocations, "revocations");
        this.directory = java.util.Objects.requireNonNull(directory, "directory");
    }

    public TokenSecurityManager(
            BrokerNodeConfig config,
            Clock clock,
            QueueOwners queueOwners,
            RevocationList revocations,
            AccountDirectory directory) {
        this(
                config.tokenPublicKey(),
                config.clusterPassword().reveal(),
                config.servicePassword().reveal(),
                clock,
                config.tokenCacheSize(),
                queueOwners,
                revocations,
                directory);
    }

    public AccountDirectory directory() {
        return directory;
    }

    public RevocationList revocations() {
        return revocations;
    }

    // ---- authentication -------------------------------------------------------------------

    /** The subject {@code user} is proven as, or null (Artemis' "refused"). */
    @Override
    public @Nullable Subject authenticate(
            @Nullable String user,
            @Nullable String password,
            @Nullable RemotingConnection connection,
            @Nullable String securityDomain) {
        if (user == null || password == null) {
            return null;
        }
        // The built-in names are checked first and never fall through to token checks, so a
        // Parley account with the same name could not log in as either.
        if (SERVICE_USER.equals(user)) {
            return secretMatches(password, servicePasswordBytes)
                    ? subject(user, ROLE_SERVICE, null, 0, null)
                    : null;
        }
        if (CLUSTER_USER.equals(user)) {
            return secretMatches(password, clusterPasswordBytes)
                    ? subject(user, ROLE_CLUSTER, null, 0, null)
                    : null;
        }
        if (!Usernames.isValid(user) || password.length() > SessionTokens.MAX_TOKEN_CHARS) {
            return null;
        }
        TokenDigest digest = TokenDigest.of(password);
        Subject established = connection == null ? null : connection.getSubject();
        if (established != null && isChatSubjectFor(established, user, digest)) {
            // Even an established connection loses its identity once its token is revoked.
            return isRevoked(established, user) ? null : established;
        }
        long now = clock.instant().getEpochSecond();
        Verified cached = verifiedTokens.get(digest);
        if (cached != null && cached.exp() > now) {
            if (!cached.user().equals(user)
                    || revocations.isRevoked(user, cached.iat())
                    || revocations.isTokenRevoked(cached.jti())) {
                return null;
            }
            return subject(user, ROLE_CHAT, digest, cached.iat(), cached.jti());
        }
        SessionClaims claims;
        try {
            claims = SessionTokens.verify(tokenPublicKey, password, clock);
        } catch (InvalidTokenException e) {
            log.debug("Refused token for {} from {}: {}", user, remote(connection), e.getMessage());
            return null;
        }
        if (!user.equals(claims.sub())) {
            log.debug(
                    "Refused token of {} presented as {} from {}",
                    claims.sub(),
                    user,
                    remote(connection));
            return null;
        }
        if (revocations.isRevoked(user, claims.iat()) || revocations.isTokenRevoked(claims.jti())) {
            log.debug("Refused revoked token of {} from {}", user, remote(connection));
            return null;
        }
        remember(digest, new Verified(claims.sub(), claims.iat(), claims.exp(), claims.jti()), now);
        return subject(user, ROLE_CHAT, digest, claims.iat(), claims.jti());
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(
            String user, String password, Set<Role> roles, CheckType checkType) {
        // Only reached by code that does not name an address; nothing is granted without one.
        return false;
    }

    // ---- authorization --------------------------------------------------------------------

    @Override
    public boolean authorize(
            Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null || checkType == null || address == null) {
            return false;
        }
        String role = role(subject);
        String user = getUserFromSubject(subject);
        if (role == null || user == null) {
            return false;
        }
        String addr = address;
        String queue = null;
        int sep = address.indexOf(FQQN_SEPARATOR);
        if (sep >= 0) {
            addr = address.substring(0, sep);
            queue = address.substring(sep + FQQN_SEPARATOR.length());
        }
        boolean granted =
                switch (role) {
                    case ROLE_CLUSTER -> true;
                    case ROLE_SERVICE -> authorizeService(checkType, addr, queue);
                    case ROLE_CHAT -> authorizeChat(user, checkType, addr, queue);
                    default -> false;
                };
        if (!granted) {
            log.debug("Refused {} on {} for {}", checkType, address, user);
        } else {
            log.trace("Granted {} on {} for {}", checkType, address, user);
        }
        return granted;
    }

    private boolean authorizeChat(
            String user, CheckType type, String addr, @Nullable String queue) {
        if (hasWildcard(addr) || (queue != null && hasWildcard(queue))) {
            return false;
        }
        boolean queueIsAddress = queue == null || queue.equals(addr);
        Optional<String> inboxOwner = Addresses.inboxOwner(addr);
        if (inboxOwner.isPresent()) {
            // Creating someone else's inbox needs an account of that name (asked last: it may cost
            // a call to the auth server). SEND needs no check: without the address nothing routes.
            return switch (type) {
                case SEND -> queueIsAddress;
                case CREATE_ADDRESS -> queueIsAddress && isAccountOrSelf(inboxOwner.get(), user);
                case CREATE_DURABLE_QUEUE ->
                        addr.equals(queue) && isAccountOrSelf(inboxOwner.get(), user);
                case CONSUME, BROWSE -> queueIsAddress && inboxOwner.get().equals(user);
                default -> false;
            };
        }
        Optional<String> presenceOwner = Addresses.presenceOwner(addr);
        if (presenceOwner.isPresent()) {
            return switch (type) {
                case CREATE_ADDRESS -> queue == null || isSubscriptionQueue(queue);
                // The subscription itself: only for the owner and whom the owner permits.
                case CREATE_NON_DURABLE_QUEUE ->
                        queue != null
                                && isSubscriptionQueue(queue)
                                && mayFollow(user, presenceOwner.get());
                case CONSUME, DELETE_NON_DURABLE_QUEUE ->
                        queue != null && isSubscriptionQueue(queue) && ownedBy(queue, user);
                default -> false;
            };
        }
        return false;
    }

    private boolean isAccountOrSelf(String owner, String user) {
        if (owner.equals(user)) {
            return true; // the token proves the account
        }
        boolean account = directory.isAccount(owner);
        if (!account) {
            log.debug(
                    "Refused to create the inbox of {} for {}: not an account (or the directory cannot tell)",
                    owner,
                    user);
        }
        return account;
    }

    private boolean mayFollow(String viewer, String owner) {
        return viewer.equals(owner) || directory.mayFollowPresence(viewer, owner);
    }

    private boolean authorizeService(CheckType type, String addr, @Nullable String queue) {
        return switch (type) {
            case MANAGE -> queue == null && MANAGEMENT_ADDRESS.equals(addr);
            // Read-only: with management-message-rbac every attribute read or get*/is*/list*
            // operation is a VIEW of "mops.<resource>.<method>"; changes are EDIT, refused.
            case VIEW ->
                    queue == null && addr.startsWith(MANAGEMENT_RBAC_PREFIX) && !hasWildcard(addr);
            case SEND ->
                    (REVOCATIONS_ADDRESS.equals(addr) && queue == null)
                            || (isServiceReplyAddress(addr)
                                    && (queue == null || queue.equals(addr)));
            case CREATE_ADDRESS, CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, CONSUME ->
                    isServiceReplyAddress(addr) && (queue == null || queue.equals(addr));
            default -> false;
        };
    }

    static boolean isServiceReplyAddress(String addr) {
        return addr.startsWith(SERVICE_REPLY_PREFIX)
                && UUID.matcher(addr.substring(SERVICE_REPLY_PREFIX.length())).matches();
    }

    /** What a JMS non-durable topic subscriber names its queue: a random UUID. */
    private static boolean isSubscriptionQueue(String queue) {
        return UUID.matcher(queue).matches();
    }

    private boolean ownedBy(String queue, String user) {
        if (queueOwners == null) {
            return false;
        }
        try {
            return queueOwners.ownerOf(queue).map(user::equals).orElse(false);
        } catch (RuntimeException e) {
            log.debug("Could not look up the owner of {}", queue, e);
            return false;
        }
    }

    private static boolean hasWildcard(String name) {
        return name.indexOf('#') >= 0 || name.indexOf('*') >= 0;
    }

    // ---- subjects and caching ---------------------------------------------------------------

    private static Subject subject(
            String user,
            String role,
            @Nullable TokenDigest digest,
            long issuedAt,
            @Nullable String tokenId) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        if (digest != null) {
            subject.getPrivateCredentials().add(digest);
            subject.getPrivateCredentials().add(new IssuedAt(issuedAt));
            if (tokenId != null) {
                subject.getPrivateCredentials().add(new TokenId(tokenId));
            }
        }
        subject.setReadOnly();
        return subject;
    }

    private static boolean isChatSubjectFor(Subject subject, String user, TokenDigest digest) {
        return ROLE_CHAT.equals(role(subject))
                && subject.getPrincipals(UserPrincipal.class).stream()
                        .anyMatch(p -> p.getName().equals(user))
                && subject.getPrivateCredentials(TokenDigest.class).contains(digest);
    }

    private boolean isRevoked(Subject subject, String user) {
        return subject.getPrivateCredentials(IssuedAt.class).stream()
                        .anyMatch(issued -> revocations.isRevoked(user, issued.epochSecond()))
                || subject.getPrivateCredentials(TokenId.class).stream()
                        .anyMatch(id -> revocations.isTokenRevoked(id.value()));
    }

    /** Whether a chat subject this manager made was proven with a token revoked since. */
    boolean isRevoked(Subject subject) {
        String user = getUserFromSubject(subject);
        return ROLE_CHAT.equals(role(subject)) && user != null && isRevoked(subject, user);
    }

    private static @Nullable String role(Subject subject) {
        Set<RolePrincipal> roles = subject.getPrincipals(RolePrincipal.class);
        return roles.size() == 1 ? roles.iterator().next().getName() : null;
    }

    private void remember(TokenDigest digest, Verified verified, long now) {
        if (tokenCacheSize == 0) {
            return;
        }
        if (verifiedTokens.size() >= tokenCacheSize) {
            verifiedTokens.values().removeIf(v -> v.exp() <= now);
            if (verifiedTokens.size() >= tokenCacheSize) {
                // Still full of live tokens: start over rather than track recency; a miss costs one
                // verify.
                verifiedTokens.clear();
            }
        }
        verifiedTokens.put(digest, verified);
    }

    int cachedTokenCount() {
        return verifiedTokens.size();
    }

    private static boolean secretMatches(String presented, byte[] expected) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static String remote(@Nullable RemotingConnection connection) {
        return connection == null ? "?" : connection.getRemoteAddress();
    }

    private record Verified(String user, long iat, long exp, String jti) {}

    /**
     * The {@code jti} of the token a chat subject was proven with: its login session, for logout.
     */
    private record TokenId(String value) {}

    /** The {@code iat} of the token a chat subject was proven with, for revocation checks. */
    private record IssuedAt(long epochSecond) {}

    /** SHA-256 of a token: the cache key, and what ties an established connection to its token. */
    static final class TokenDigest {
        private final byte[] bytes;
        private final int hash;

        private TokenDigest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        static TokenDigest of(String token) {
            try {
                return new TokenDigest(
                        MessageDigest.getInstance("SHA-256")
                                .digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenDigest other && MessageDigest.isEqual(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "TokenDigest[***]";
        }
    }
}
