package org.parley.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.parley.client.Contact;
import org.parley.client.Conversation;
import org.parley.client.OutgoingMessage;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.transport.BrokerUrls;
import org.parley.model.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code parley-cli}: the headless client from a shell. Every failure is one line on stderr and a
 * non-zero exit (1 for a failure, 2 for bad usage), never a stack trace.
 */
@Command(
        name = "parley-cli",
        mixinStandardHelpOptions = true,
        version = "parley-cli 0.1",
        description = "End-to-end encrypted Parley messaging from the command line.",
        subcommands = {
            ParleyCli.Signup.class,
            ParleyCli.Login.class,
            ParleyCli.Send.class,
            ParleyCli.SendFile.class,
            ParleyCli.Receive.class,
            ParleyCli.Contacts.class,
            ParleyCli.Fingerprint.class,
            GroupCommand.class
        })
public final class ParleyCli implements Callable<Integer> {
    static final String NAME = "parley-cli";
    static final String PASSWORD_ENV = "PARLEY_PASSWORD";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(2);

    @Option(
            names = "--server",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "Auth server, e.g. http://127.0.0.1:8080 (default: the last one used).")
    @Nullable String server;

    @Option(
            names = {"-u", "--user"},
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Username (default: the last one used).")
    @Nullable String user;

    @Option(
            names = "--profile",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Profiles directory (default: ${DEFAULT-VALUE}).")
    Path profiles = ClientConfig.defaultProfilesRoot();

    @Option(
            names = "--password-stdin",
            scope = ScopeType.INHERIT,
            description =
                    "Read the password from the first line of standard input (else $"
                            + PASSWORD_ENV
                            + ", else a prompt).")
    boolean passwordStdin;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Log diagnostics to stderr.")
    boolean verbose;

    /** Where output goes; replaced in tests. */
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);

    /** Where notes and errors go; replaced in tests. */
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

    Map<String, String> env = System.getenv();
    java.io.InputStream stdin = System.in;

    public static void main(String[] args) {
        configureLogging(List.of(args).contains("-v") || List.of(args).contains("--verbose"));
        System.exit(
                run(
                        args,
                        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                        System.getenv(),
                        System.in));
    }

    /** Runs one command line; returns the exit code. */
    static int run(
            String[] args,
            PrintWriter stdout,
            PrintWriter stderr,
            Map<String, String> env,
            java.io.InputStream stdin) {
        ParleyCli cli = new ParleyCli();
        cli.out = stdout;
        cli.err = stderr;
        cli.env = env;
        cli.stdin = stdin;
        CommandLine cmd = new CommandLine(cli);
        cmd.setOut(stdout);
        cmd.setErr(stderr);
        cmd.setParameterExceptionHandler(
                (ex, a) -> {
                    stderr.println(
                            NAME + ": " + oneLine(ex.getMessage()) + " (see " + NAME + " --help)");
                    return 2;
                });
        cmd.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    stderr.println(NAME + ": " + describe(ex));
                    if (cli.verbose) {
                        ex.printStackTrace(stderr);
                    }
                    return 1;
                });
        return cmd.execute(args);
    }

    private static void configureLogging(boolean verbose) {
        // Before any logger exists: a quiet CLI unless asked (Artemis logs a lot on connection
        // trouble).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty(
                    "logback.configurationFile",
                    verbose ? "parley-cli-logback-verbose.xml" : "parley-cli-logback.xml");
        }
    }

    /** The exception as the one line the user sees: lower-case start, no trailing period. */
    static String describe(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof ExecutionException
                        || cur instanceof java.util.concurrent.CompletionException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        String msg;
        if (cur instanceof ParleyException || cur instanceof CliException) {
            msg = cur.getMessage();
        } else if (cur instanceof TimeoutException) {
            msg = "timed out";
        } else {
            ParleyException pe = ParleyException.unwrap(cur);
            msg = pe.getMessage();
        }
        msg = oneLine(msg == null ? cur.getClass().getSimpleName() : msg);
        if (msg.endsWith(".")) {
            msg = msg.substring(0, msg.length() - 1);
        }
        if (msg.length() > 1
                && Character.isUpperCase(msg.charAt(0))
                && !Character.isUpperCase(msg.charAt(1))) {
            msg = Character.toLowerCase(msg.charAt(0)) + msg.substring(1);
        }
        return msg;
    }

    private static String oneLine(@Nullable String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** A failure of the CLI itself (missing input), printed like any other. */
    static final class CliException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CliException(String message) {
            super(message);
        }
    }

    // ---- shared plumbing ----------------------------------------------------------------------

    ParleyClient client() {
        return new ParleyClient(ClientConfig.builder(profiles).build());
    }

    URI server(ParleyClient client) {
        if (server != null) {
            // "host:port" is what people type; the API is plain HTTP unless they say https.
            String s = server.contains("://") ? server : "http://" + server;
            try {
                return new URI(s);
            } catch (java.net.URISyntaxException e) {
                throw new CliException(
                        "'" + server + "' is not a server address like http://127.0.0.1:8080");
            }
        }
        return client.clientProperties()
                .lastServer()
                .orElseThrow(
                        () ->
                                new CliException(
                                        "no server given: use --server URL (e.g. --server http://127.0.0.1:8080)"));
    }

    String username(ParleyClient client) {
        if (user != null) {
            return user;
        }
        return client.clientProperties()
                .lastUsername()
                .orElseThrow(() -> new CliException("no username given: use --user NAME"));
    }

    char[] password(String prompt) {
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        if (passwordStdin) {
            try {
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                String line = r.readLine();
                if (line == null || line.isEmpty()) {
                    throw new CliException("no password on standard input");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new CliException(
                        "cannot read the password from standard input: " + e.getMessage());
            }
        }
        // On Java 17, which this runs on, null means no terminal.
        @SuppressWarnings("SystemConsoleNull")
        Console console = System.console();
        if (console == null) {
            throw new CliException("no password: set " + PASSWORD_ENV + " or use --password-stdin");
        }
        char[] pw = console.readPassword("%s", prompt);
        if (pw == null || pw.length == 0) {
            throw new CliException("no password entered");
        }
        return pw;
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration timeout)
            throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /**
     * Waits for {@code sending} (a {@code what}: message or file); a timeout means it is stored and
     * goes out at the next login, which the user is told.
     */
    static OutgoingMessage awaitSent(
            CompletableFuture<OutgoingMessage> sending, Duration timeout, String what)
            throws Exception {
        try {
            return await(sending, timeout);
        } catch (TimeoutException e) {
            throw new CliException(
                    "the "
                            + what
                            + " is stored but could not be sent yet; it will be retried at the"
                            + " next login");
        }
    }

    Session login(ParleyClient client, @Nullable SessionListener listener) throws Exception {
        URI s = server(client);
        String u = username(client);
        Session session =
                await(
                        client.login(s, u, password("Password for " + u + ": "), null, listener),
                        LOGIN_TIMEOUT);
        java.util.concurrent.atomic.AtomicReference<java.util.Set<String>> noted =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Set.of());
        session.addListener(
                new SessionListener() {
                    @Override
                    public void onUnreachableBrokers(java.util.Set<String> brokers) {
                        noteUnreachable(brokers, noted);
                    }
                });
        noteUnreachable(session.unreachableBrokers(), noted);
        return session;
    }

    /**
     * One line on stderr when broker nodes cannot be reached: messages waiting there come later.
     */
    private void noteUnreachable(
            java.util.Set<String> brokers,
            java.util.concurrent.atomic.AtomicReference<java.util.Set<String>> noted) {
        if (brokers.isEmpty() || noted.getAndSet(brokers).equals(brokers)) {
            return;
        }
        List<String> nodes = brokers.stream().map(BrokerUrls::hostPort).sorted().toList();
        err.println(
                NAME
                        + ": note: broker node "
                        + String.join(", ", nodes)
                        + " unreachable; messages waiting"
                        + " there will arrive when it is back");
        err.flush();
    }

    // ---- commands ------------------------------------------------------------------------------

    @Command(
            name = "signup",
            description = "Create an account (and log in once to set up the local profile).")
    static final class Signup implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Override
        public Integer call() throws Exception {
            ParleyClient client = cli.client();
            URI s = cli.server(client);
            if (cli.user == null) {
                throw new CliException("no username given: use --user NAME");
            }
            char[] pw = cli.password("Choose a password for " + cli.user + ": ");
            // On Java 17, which this runs on, null means no terminal.
            @SuppressWarnings("SystemConsoleNull")
            Console console = System.console();
            if (cli.env.get(PASSWORD_ENV) == null && !cli.passwordStdin && console != null) {
                char[] again = console.readPassword("Repeat the password: ");

                if (again == null || !java.util.Arrays.equals(pw, again)) {
                    throw new InvalidInputException("The passwords do not match.");
                }
            }
            try (Session session = await(client.signup(s, cli.user, pw, null), LOGIN_TIMEOUT)) {
                cli.out.println("Signed up as " + session.username() + " on " + s);
            }
            return 0;
        }
    }

    @Command(
            name = "login",
            description =
                    "Log in, fetch waiting messages into the local profile, and show a summary.")
    static final class Login implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Override
        public Integer call() throws Exception {
            BlockingQueue<StoredMessage> arrived = new LinkedBlockingQueue<>();
            SessionListener listener =
                    new SessionListener() {
                        @Override
                        public void onMessage(StoredMessage message) {
                            arrived.add(message);
                        }
                    };
            try (Session session = cli.login(cli.client(), listener)) {
                // Let the waiting messages come in: until a second passes without one.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (arrived.poll(1, TimeUnit.SECONDS) != null && System.nanoTime() < deadline) {
                    arrived.drainTo(new java.util.ArrayList<>());
                }
                List<Conversation> conversations = session.conversations();
                int unread = conversations.stream().mapToInt(Conversation::unreadCount).sum();
                cli.out.println(
                        "Logged in as "
                                + session.username()
                                + ": "
                                + conversations.size()
                                + " conversation(s), "
                                + unread
                                + " unread message(s)");
                session.awaitOutgoing(Duration.ofSeconds(5));
            }
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(name = "send", description = "Send a text message.")
    static final class Send implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Option(names = "--to", required = true, paramLabel = "USER", description = "Recipient.")
        String to;

        @Parameters(
                arity = "1..*",
                paramLabel = "TEXT",
                description = "The message (words are joined by spaces).")
        List<String> words;

        @Override
        public Integer call() throws Exception {
            try (Session session = cli.login(cli.client(), null)) {
                OutgoingMessage sent =
                        awaitSent(
                                session.sendText(to, String.join(" ", words)),
                                SEND_TIMEOUT,
                                "message");
                session.awaitOutgoing(Duration.ofSeconds(5));
                cli.out.println(sent.id());
            }
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(
            name = "send-file",
            description =
                    "Send a file to a user or a group, end-to-end encrypted and streamed"
                            + " (at most 100 MiB).")
    static final class SendFile implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Option(names = "--to", paramLabel = "USER", description = "Recipient.")
        @Nullable String to;

        @Option(
                names = "--group",
                paramLabel = "G",
                description = "A group, by id or exact name, instead of --to.")
        @Nullable String group;

        @Parameters(index = "0", paramLabel = "PATH", description = "The file to send.")
        Path file;

        @Override
        public Integer call() throws Exception {
            if ((to == null) == (group == null)) {
                throw new CliException("give either --to USER or --group G");
            }
            // Refused before logging in, and before a byte of the file is read.
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new InvalidInputException("There is no file " + file + ".");
            }
            long size = java.nio.file.Files.size(file);
            if (size > org.parley.client.session.ClientConfig.DEFAULT_MAX_FILE_BYTES) {
                throw new org.parley.client.exceptions.FileTooLargeException(
                        String.valueOf(file.getFileName()),
                        size,
                        org.parley.client.session.ClientConfig.DEFAULT_MAX_FILE_BYTES);
            }
            try (Session session = cli.login(cli.client(), null)) {
                org.parley.client.FileTransfer t =
                        group == null
                                ? session.sendFile(
                                        Objects.requireNonNull(to, "checked above"), file)
                                : session.groups()
                                        .sendFile(
                                                GroupCommand.resolve(session.groups(), group),
                                                file);
                // A generous deadline: at least 10 MiB a minute, never under the text timeout.
                long seconds = Math.max(SEND_TIMEOUT.toSeconds(), size / (10L * 1024 * 1024) * 60);
                OutgoingMessage sent = awaitSent(t.result(), Duration.ofSeconds(seconds), "file");
                session.awaitOutgoing(Duration.ofSeconds(5));
                cli.out.println(sent.id());
            }
            return 0;
        }
    }

    @Command(
            name = "receive",
            description =
                    "Print unread messages, then incoming ones until none has arrived for the timeout;"
                            + " marks them read.")
    static final class Receive implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Option(
                names = "--timeout",
                paramLabel = "S",
                defaultValue = "5",
                description =
                        "Exit after this many seconds without a new message (default: ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds < 0) {
                throw new CliException("--timeout must not be negative");
            }
            BlockingQueue<StoredMessage> arrived = new LinkedBlockingQueue<>();
            SessionListener listener =
                    new SessionListener() {
                        @Override
                        public void onMessage(StoredMessage message) {
                            if (message.incoming()) {
                                arrived.add(message);
                            }
                        }
                    };
            try (Session session = cli.login(cli.client(), listener)) {
                long idleMs = (long) (timeoutSeconds * 1000);
                java.util.Set<String> peers = new java.util.LinkedHashSet<>();
                java.util.Set<String> printed = new java.util.HashSet<>();
                // First what earlier sessions (a send, a login) stored but nobody has read yet.
                for (StoredMessage m : unread(session)) {
                    print(m, printed, peers);
                }
                StoredMessage m;
                while ((m = arrived.poll(idleMs, TimeUnit.MILLISECONDS)) != null) {
                    print(m, printed, peers);
                }
                peers.forEach(session::markRead);
                session.awaitOutgoing(Duration.ofSeconds(5)); // delivery receipts
            }
            return 0;
        }

        private void print(
                StoredMessage m, java.util.Set<String> printed, java.util.Set<String> peers) {
            if (printed.add(m.id())) {
                cli.out.println(json ? toJson(m) : toLine(m));
                cli.out.flush();
                peers.add(m.peer());
            }
        }

        /** Unread incoming messages of every conversation, oldest first. */
        static List<StoredMessage> unread(Session session) {
            List<StoredMessage> out = new java.util.ArrayList<>();
            for (Conversation c : session.conversations()) {
                if (c.unreadCount() == 0) {
                    continue;
                }
                List<StoredMessage> incoming =
                        session.history(c.peer()).stream().filter(StoredMessage::incoming).toList();
                out.addAll(
                        incoming.subList(
                                Math.max(0, incoming.size() - c.unreadCount()), incoming.size()));
            }
            out.sort(java.util.Comparator.comparingLong(StoredMessage::storedAt));
            return out;
        }

        static String toLine(StoredMessage m) {
            java.util.Optional<org.parley.client.files.FileAttachment> file =
                    org.parley.client.files.FileMessages.attachment(m);
            if (file.isPresent()) {
                org.parley.client.files.FileAttachment a = file.get();
                String group =
                        org.parley.client.Groups.groupOf(m.peer()).map(g -> " in #" + g).orElse("");
                return Instant.ofEpochMilli(m.sentAt())
                        + " "
                        + m.from()
                        + group
                        + ": [file] "
                        + a.name()
                        + " ("
                        + org.parley.client.files.FileAttachment.humanSize(a.size())
                        + ", "
                        + a.mime()
                        + ") "
                        + (m.incoming() ? "saved as " : "from ")
                        + a.localPath();
            }
            String text = m.text().replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
            String group =
                    org.parley.client.Groups.groupOf(m.peer()).map(g -> " in #" + g).orElse("");
            return Instant.ofEpochMilli(m.sentAt()) + " " + m.from() + group + ": " + text;
        }

        static String toJson(StoredMessage m) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", m.id());
            o.put("from", m.from());
            o.put("to", m.to());
            org.parley.client.Groups.groupOf(m.peer()).ifPresent(g -> o.put("group", g));
            java.util.Optional<org.parley.client.files.FileAttachment> file =
                    org.parley.client.files.FileMessages.attachment(m);
            if (file.isPresent()) {
                org.parley.client.files.FileAttachment a = file.get();
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("name", a.name());
                f.put("size", a.size());
                f.put("mime", a.mime());
                f.put("sha256", a.sha256());
                f.put("path", a.localPath());
                o.put("file", f);
            } else {
                o.put("text", m.text());
            }
            o.put("sentAt", m.sentAt());
            o.put("receivedAt", m.storedAt());
            return Json.write(o);
        }
    }

    @Command(name = "contacts", description = "List pinned contacts and their verification state.")
    static final class Contacts implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Override
        public Integer call() throws Exception {
            try (Session session = cli.login(cli.client(), null)) {
                for (Contact c : session.contacts()) {
                    String state =
                            c.keyChangePending()
                                    ? "key changed (accept or verify the new key)"
                                    : c.reverifyRequired()
                                            ? "key changed (verify again)"
                                            : c.verified() ? "verified" : "not verified";
                    cli.out.println(c.username() + "\t" + state);
                }
            }
            return 0;
        }
    }

    // picocli sets the required parameters before call().
    @SuppressWarnings("NullAway.Init")
    @Command(
            name = "fingerprint",
            description = "Show the safety number with USER, to compare out of band.")
    static final class Fingerprint implements Callable<Integer> {
        @ParentCommand ParleyCli cli;

        @Parameters(index = "0", paramLabel = "USER")
        String peer;

        @Override
        public Integer call() throws Exception {
            try (Session session = cli.login(cli.client(), null)) {
                cli.out.println(await(session.safetyNumber(peer), Duration.ofSeconds(30)));
            }
            return 0;
        }
    }
}
