package org.parley.client.session;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.parley.client.Session;
import org.parley.client.transport.JmsTransport;
import org.parley.client.transport.TransportFactory;
import org.parley.config.DataDirs;

/**
 * How a {@link ParleyClient} runs: where profiles live, the clock, the executor for blocking work
 * (KDF, HTTP, disk), the thread factory for the long-running loops (inbox, outbox, timers),
 * timeouts, and the transport. Build with {@link #builder(Path)}.
 */
public final class ClientConfig {
    /** 100 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    private final Path profilesRoot;
    private final Clock clock;
    private final Executor executor;
    private final ThreadFactory threadFactory;
    private final Duration httpConnectTimeout;
    private final Duration httpRequestTimeout;
    private final Duration brokerConnectTimeout;
    private final int receiveBatchSize;
    private final int maxTextLength;
    private final TransportFactory transportFactory;
    private final SecureRandom random;
    private final long maxFileBytes;

    private ClientConfig(Builder b) {
        this.maxFileBytes = b.maxFileBytes;
        this.profilesRoot = b.profilesRoot;
        this.clock = b.clock;
        this.executor = b.executor != null ? b.executor : DefaultExecutor.INSTANCE;
        this.threadFactory = b.threadFactory;
        this.httpConnectTimeout = b.httpConnectTimeout;
        this.httpRequestTimeout = b.httpRequestTimeout;
        this.brokerConnectTimeout = b.brokerConnectTimeout;
        this.receiveBatchSize = b.receiveBatchSize;
        this.maxTextLength = b.maxTextLength;
        this.transportFactory = b.transportFactory;
        this.random = b.random;
    }

    /**
     * Where profiles live unless told otherwise: {@code profiles} under the per-user data directory
     * of {@code parley} (see {@link DataDirs#userDataDir(String)}).
     */
    public static Path defaultProfilesRoot() {
        return DataDirs.userDataDir("parley").resolve("profiles");
    }

    /**
     * @param profilesRoot directory holding {@code <host_port>/<username>/} profiles and
     *     client.properties
     */
    public static Builder builder(Path profilesRoot) {
        return new Builder(profilesRoot);
    }

    public Path profilesRoot() {
        return profilesRoot;
    }

    public Clock clock() {
        return clock;
    }

    public Executor executor() {
        return executor;
    }

    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    public Duration httpConnectTimeout() {
        return httpConnectTimeout;
    }

    public Duration httpRequestTimeout() {
        return httpRequestTimeout;
    }

    public Duration brokerConnectTimeout() {
        return brokerConnectTimeout;
    }

    public int receiveBatchSize() {
        return receiveBatchSize;
    }

    public int maxTextLength() {
        return maxTextLength;
    }

    public TransportFactory transportFactory() {
        return transportFactory;
    }

    public SecureRandom random() {
        return random;
    }

    /** The largest file sent or taken, in bytes (default 100 MiB). */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Daemon threads named {@code parley-N}; the loops rename theirs. */
    static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "parley-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Shared default pool for blocking work, daemon threads so it never keeps a JVM alive. */
    private static final class DefaultExecutor {
        static final ExecutorService INSTANCE =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "parley-worker");
                            t.setDaemon(true);
                            return t;
                        });
    }

    public static final class Builder {
        private final Path profilesRoot;
        private Clock clock = Clock.systemUTC();
        private @Nullable Executor executor;

        private ThreadFactory threadFactory = daemonThreads();
        private Duration httpConnectTimeout = Duration.ofSeconds(5);
        private Duration httpRequestTimeout = Duration.ofSeconds(20);
        private Duration brokerConnectTimeout = Duration.ofSeconds(10);
        private int receiveBatchSize = 256;
        private int maxTextLength = Session.MAX_TEXT_LENGTH;
        private TransportFactory transportFactory = JmsTransport::new;
        private SecureRandom random = new SecureRandom();
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;

        private Builder(Path profilesRoot) {
            this.profilesRoot = Objects.requireNonNull(profilesRoot, "profilesRoot");
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /**
         * Runs KDF, HTTP calls and fsyncs; never the caller's thread. Default: a shared cached
         * daemon pool.
         */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e);
            return this;
        }

        public Builder threadFactory(ThreadFactory f) {
            this.threadFactory = Objects.requireNonNull(f);
            return this;
        }

        public Builder httpConnectTimeout(Duration d) {
            this.httpConnectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder httpRequestTimeout(Duration d) {
            this.httpRequestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder brokerConnectTimeout(Duration d) {
            this.brokerConnectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder receiveBatchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be positive");
            }
            this.receiveBatchSize = n;
            return this;
        }

        public Builder maxTextLength(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("text limit must be positive");
            }
            this.maxTextLength = n;
            return this;
        }

        public Builder transportFactory(TransportFactory f) {
            this.transportFactory = Objects.requireNonNull(f);
            return this;
        }

        /**
         * Files larger than this are refused before they are read, and dropped unread when they
         * arrive.
         */
        public Builder maxFileBytes(long n) {
            if (n < 0 || n > (1L << 40)) {
                throw new IllegalArgumentException("file limit must be between 0 and 1 TiB");
            }
            this.maxFileBytes = n;
            return this;
        }

        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
