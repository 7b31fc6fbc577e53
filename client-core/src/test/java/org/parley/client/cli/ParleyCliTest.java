package org.parley.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.client.transport.BrokerFixture;
import org.parley.model.Json;
import org.parley.testing.FakeAuthServer;

/** parley-cli commands against a fake auth API and a real broker node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParleyCliTest {
    @TempDir static Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();
    private FakeAuthServer auth;
    private BrokerNode node;

    record Result(int exit, String out, String err) {
        List<String> outLines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
        }
    }

    @BeforeAll
    void startServers() throws Exception {
        node = brokers.start("n1", tmp.resolve("broker"));
        auth = brokers.authServer(node);
    }

    private Result run(String device, String password, String... args) {
        List<String> all = new ArrayList<>(List.of("--profile", tmp.resolve(device).toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env =
                password == null ? Map.of() : Map.of(ParleyCli.PASSWORD_ENV, password);
        int code =
                ParleyCli.run(
                        all.toArray(String[]::new),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        env,
                        new ByteArrayInputStream(new byte[0]));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void signupSendReceiveContactsAndFingerprint() {
        String server = auth.uri().toString();
        assertThat(
                        run(
                                        "alice",
                                        "alice password 1",
                                        "--server",
                                        server,
                                        "--user",
                                        "alicecli",
                                        "signup")
                                .exit())
                .isZero();
        assertThat(
                        run(
                                        "bob",
                                        "bob password 12",
                                        "--server",
                                        server,
                                        "--user",
                                        "bobcli",
                                        "signup")
                                .exit())
                .isZero();

        // server and user now come from the last login
        Result sent =
                run(
                        "alice",
                        "alice password 1",
                        "send",
                        "--to",
                        "bobcli",
                        "hello",
                        "from",
                        "the",
                        "shell");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out().strip()).matches("[0-9a-f]{32}");

        Result received = run("bob", "bob password 12", "receive", "--timeout", "2", "--json");
        assertThat(received.exit()).as(received.err()).isZero();
        assertThat(received.outLines())
                .singleElement()
                .satisfies(
                        line -> {
                            Map<?, ?> m = Json.gson().fromJson(line, Map.class);
                            assertThat(m.get("from")).isEqualTo("alicecli");
                            assertThat(m.get("text")).isEqualTo("hello from the shell");
                            assertThat(m.get("id")).isEqualTo(sent.out().strip());
                        });

        // A reply that arrives while alice runs another command is stored unread and printed by
        // receive.
        assertThat(run("bob", "bob password 12", "send", "--to", "alicecli", "reply").exit())
                .isZero();
        assertThat(run("alice", "alice password 1", "login").out()).contains("1 unread");
        Result later = run("alice", "alice password 1", "receive", "--timeout", "1");
        assertThat(later.outLines()).singleElement().asString().endsWith(" bobcli: reply");
        assertThat(run("alice", "alice password 1", "receive", "--timeout", "1").outLines())
                .isEmpty();

        Result contacts = run("bob", "bob password 12", "contacts");
        assertThat(contacts.out()).contains("alicecli\tnot verified");

        Result fp1 = run("alice", "alice password 1", "fingerprint", "bobcli");
        Result fp2 = run("bob", "bob password 12", "fingerprint", "alicecli");
        assertThat(fp1.out().strip()).matches("(\\d{5} ){11}\\d{5}").isEqualTo(fp2.out().strip());
    }

    @Test
    void aBrokerNodeThatCannotBeReachedIsNotedInOneLineOnStandardError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String down = "tcp://127.0.0.1:" + closedPort + "?reconnectAttempts=0";
        try (FakeAuthServer degraded =
                new FakeAuthServer(brokers::token, List.of(node.url(), down))) {
            String server = degraded.uri().toString();
            assertThat(
                            run(
                                            "dora",
                                            "dora password 1",
                                            "--server",
                                            server,
                                            "--user",
                                            "doracli",
                                            "signup")
                                    .exit())
                    .isZero();

            Result received = run("dora", "dora password 1", "receive", "--timeout", "2");
            assertThat(received.exit()).as(received.err()).isZero();
            assertThat(received.err().strip())
                    .isEqualTo(
                            "parley-cli: note: broker node 127.0.0.1:"
                                    + closedPort
                                    + " unreachable; messages waiting there will arrive when it is back");
        }
    }

    @Test
    void passwordCanComeFromStandardInput() {
        String server = auth.uri().getAuthority(); // host:port alone means http://host:port
        assertThat(
                        run(
                                        "carol",
                                        "carol password 1",
                                        "--server",
                                        server,
                                        "--user",
                                        "carolcli",
                                        "signup")
                                .exit())
                .isZero();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                ParleyCli.run(
                        new String[] {
                            "--profile",
                            tmp.resolve("carol").toString(),
                            "--password-stdin",
                            "login"
                        },
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        Map.of(),
                        new ByteArrayInputStream(
                                "carol password 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Logged in as carolcli");
    }

    @Test
    void failuresAreOneLineWithoutStackTrace() {
        String server = auth.uri().toString();
        run("dave", "dave password 1", "--server", server, "--user", "davecli", "signup");

        Result wrong = run("dave", "not the password", "login");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err())
                .isEqualTo("parley-cli: wrong username or password" + System.lineSeparator());

        Result unknown = run("dave", "dave password 1", "send", "--to", "nobodyhere", "hi");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err().lines())
                .singleElement()
                .asString()
                .isEqualTo("parley-cli: there is no Parley user 'nobodyhere'");

        Result usage = run("dave", "dave password 1", "send", "hi");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err().lines())
                .singleElement()
                .asString()
                .startsWith("parley-cli: Missing required option");

        Result noServer = run("fresh", "x", "--user", "someone", "login");
        assertThat(noServer.exit()).isEqualTo(1);
        assertThat(noServer.err().lines()).singleElement().asString().contains("no server given");

        Result noPassword = run("dave", null, "login");
        assertThat(noPassword.exit()).isEqualTo(1);
        assertThat(noPassword.err().lines()).singleElement().asString().contains("PARLEY_PASSWORD");

        Result toSelf = run("dave", "dave password 1", "send", "--to", "davecli", "x".repeat(10));
        assertThat(toSelf.err().lines())
                .singleElement()
                .asString()
                .isEqualTo("parley-cli: you cannot send a message to yourself");
    }
}
