package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.auth.AuthApiClient;
import org.parley.crypto.SafetyNumbers;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.ChildProcesses;
import org.parley.testing.ProcessOutput;
import org.parley.testing.Wait;
import org.parley.testing.stack.TestAccount;

/**
 * The README walkthrough, run for real: {@code parley-server.jar stack} and two {@code
 * parley-cli.jar} profiles as separate processes, exactly the commands a person types (the password
 * in {@code PARLEY_PASSWORD}). Nothing of the stack or the clients runs in the test's JVM; the test
 * reads their output.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CliChatIT {

    private static final Pattern READY =
            Pattern.compile(
                    "Parley stack ready: auth (http://127\\.0\\.0\\.1:\\d+) brokers (tcp://\\S+,tcp://\\S+) \\(data: (.+)\\)");
    private static final Pattern SAFETY_NUMBER = Pattern.compile("\\d{5}( \\d{5}){11}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    @TempDir Path tmp;

    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void twoCliProfilesChatThroughTheStackCommandAndSeeTheSameSafetyNumber() throws Exception {
        Path data = tmp.resolve("stack");
        Process server =
                launch(
                        jar("parley.server.jar"),
                        Map.of(),
                        "stack",
                        "--auth-port",
                        "0",
                        "--broker-port",
                        "0",
                        "--data-dir",
                        data.toString());
        ProcessOutput serverOut = ProcessOutput.of(server);
        String ready = serverOut.next(Wait.LONG);
        assertThat(ready).as("the stack's ready line; stderr: %s", stderr(server)).isNotNull();
        Matcher m = READY.matcher(ready);
        assertThat(m.matches()).as(ready).isTrue();
        String url = m.group(1);
        assertThat(m.group(3)).isEqualTo(data.toAbsolutePath().toString());

        Cli alice = new Cli(tmp.resolve("alice-profiles"), "correct horse battery staple");
        Cli bob = new Cli(tmp.resolve("bob-profiles"), "tr0ub4dor&3 is not a password");

        assertThat(alice.run("--server", url, "--user", "alice", "signup"))
                .containsExactly("Signed up as alice on " + url);
        assertThat(bob.run("--server", url, "--user", "bob", "signup"))
                .containsExactly("Signed up as bob on " + url);

        // Server and user now default to the last ones used in each profile.
        List<String> sent = alice.run("send", "--to", "bob", "hello bob, it's alice");
        assertThat(sent).singleElement().asString().matches(ID);
        // Exactly once: receive prints every message it shows as one line; one line, with the id
        // that send printed.
        Map<?, ?> message = theOneMessageReceivedBy(bob);
        assertThat(message.get("id")).isEqualTo(sent.get(0));
        assertThat(message.get("from")).isEqualTo("alice");
        assertThat(message.get("to")).isEqualTo("bob");
        assertThat(message.get("text")).isEqualTo("hello bob, it's alice");

        List<String> reply = bob.run("send", "--to", "alice", "hi alice!");
        Map<?, ?> answer = theOneMessageReceivedBy(alice);
        assertThat(answer.get("id")).isEqualTo(reply.get(0));
        assertThat(answer.get("from")).isEqualTo("bob");
        assertThat(answer.get("text")).isEqualTo("hi alice!");

        List<String> aliceSees = alice.run("fingerprint", "bob");
        List<String> bobSees = bob.run("fingerprint", "alice");
        assertThat(aliceSees).singleElement().asString().matches(SAFETY_NUMBER);
        assertThat(bobSees).isEqualTo(aliceSees);
        // And it is the number of the keys the directory publishes, computed independently.
        TestAccount carol = TestAccount.create(URI.create(url), "carol");
        AuthApiClient api = TestAccount.api(URI.create(url));
        String token = carol.token(URI.create(url));
        PublicKeys aliceKeys = api.userKeys(token, "alice").publicKeys();
        PublicKeys bobKeys = api.userKeys(token, "bob").publicKeys();
        assertThat(aliceSees.get(0))
                .isEqualTo(
                        SafetyNumbers.formatted(
                                SafetyNumbers.of("alice", aliceKeys, "bob", bobKeys)));

        // Ctrl-C: the stack stops cleanly.
        server.destroy();
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).as("the stack stopped").isTrue();
    }

    /**
     * One person's parley-cli on one machine: a profiles directory and a password in the
     * environment.
     */
    private final class Cli {
        final Path profiles;
        final String password;

        Cli(Path profiles, String password) {
            this.profiles = profiles;
            this.password = password;
        }

        /**
         * Runs one command to completion; returns its stdout lines, asserting exit 0 and a silent
         * stderr.
         */
        List<String> run(String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of("--profile", profiles.toString()));
            all.addAll(List.of(args));
            Process p =
                    launch(
                            jar("parley.cli.jar"),
                            Map.of("PARLEY_PASSWORD", password),
                            all.toArray(String[]::new));
            ProcessOutput out = ProcessOutput.of(p);
            assertThat(p.waitFor(Wait.LONG.toSeconds(), TimeUnit.SECONDS))
                    .as("parley-cli %s finished", all)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("exit code of parley-cli %s; stderr: %s", all, stderr(p))
                    .isZero();
            assertThat(stderr(p)).as("stderr of parley-cli %s", all).isEmpty();
            List<String> lines = new ArrayList<>();
            // The reader thread may still be draining the pipe of an exited process.
            Wait.until("the output of parley-cli " + all, () -> !out.open());
            out.lines().drainTo(lines);
            return lines;
        }
    }

    /**
     * What {@code receive --json} shows: exactly one line (receive prints every message it shows as
     * one line), parsed.
     */
    private static Map<?, ?> theOneMessageReceivedBy(Cli receiver) throws Exception {
        List<String> received = receiver.run("receive", "--timeout", "5", "--json");
        assertThat(received).hasSize(1);
        return Json.parse(received.get(0), Map.class);
    }

    private Process launch(Path jar, Map<String, String> env, String... args) throws IOException {
        List<String> command = ChildProcesses.javaCommand("-jar", jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(tmp.toFile())
                        // To a file, not a pipe: an unread pipe that fills up would block the
                        // process.
                        .redirectError(
                                tmp.resolve("stderr-" + processes.count() + ".log").toFile());
        builder.environment().remove("PARLEY_PASSWORD");
        builder.environment().putAll(env);
        return processes.start(builder);
    }

    private String stderr(Process process) throws IOException {
        Path file = tmp.resolve("stderr-" + processes.indexOf(process) + ".log");
        return Files.exists(file) ? Files.readString(file).trim() : "";
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        assertThat(path).as("system property %s (set by the pom)", property).isNotNull();
        Path jar = Path.of(path).toAbsolutePath().normalize();
        assertThat(jar).as("%s: run the reactor's package phase first", property).exists();
        return jar;
    }
}
