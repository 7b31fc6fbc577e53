package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.ApiClient;
import org.parley.auth.TestDevice;
import org.parley.auth.accounts.ServerKeys;
import org.parley.model.Json;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.testing.ChildProcesses;
import org.parley.testing.ProcessOutput;

/** The packaged {@code parley-server.jar} as an operator runs it: start, use, stop, start again. */
class ParleyServerCommandIT {

    private static final Pattern READY =
            Pattern.compile(
                    "Parley auth server ready at (http://127\\.0\\.0\\.1:\\d+) \\(data: (.+)\\)");

    @TempDir Path tmp;

    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void accountsAndTheSigningKeySurviveARestartOfTheServer() throws Exception {
        Path dataDir = tmp.resolve("data");
        byte[] authKey = new byte[32];
        TestDevice.RANDOM.nextBytes(authKey);

        Running first = start(dataDir);
        assertThat(first.dataDir()).isEqualTo(dataDir.toAbsolutePath().toString());
        ApiClient api = new ApiClient(first.uri());
        assertThat(api.post("/api/v1/signup", cheapSignup(api, "olivia", authKey)).status())
                .isEqualTo(201);
        byte[] publicKey =
                ServerKeys.readPublicKey(dataDir.resolve(ServerKeys.SIGNING_PUBLIC_FILE));
        stop(first);

        Running second = start(dataDir);
        ApiClient.Reply login =
                new ApiClient(second.uri())
                        .post("/api/v1/login", new LoginRequest("olivia", authKey));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.as(LoginResponse.class).username()).isEqualTo("olivia");
        assertThat(ServerKeys.readPublicKey(dataDir.resolve(ServerKeys.SIGNING_PUBLIC_FILE)))
                .isEqualTo(publicKey);
        stop(second);
    }

    @Test
    void aBadFlagExitsAtOnceWithOneLineOnStderr() throws Exception {
        Process process = launch("auth", "--port", "http", "--data-dir", tmp.toString());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(Files.readAllLines(stderrOf(process)))
                .singleElement()
                .asString()
                .contains("port must be a whole number");
    }

    private record Running(
            Process process, URI uri, String dataDir, BlockingQueue<String> stdout) {}

    private Running start(Path dataDir) throws Exception {
        Process process = launch("auth", "--port", "0", "--data-dir", dataDir.toString());
        ProcessOutput stdout = ProcessOutput.of(process);
        String line = stdout.next(Duration.ofSeconds(120));
        assertThat(line)
                .as(
                        "ready line; stderr: %s",
                        Files.exists(stderrOf(process)) ? Files.readString(stderrOf(process)) : "")
                .isNotNull();
        Matcher ready = READY.matcher(line);
        assertThat(ready.matches()).as(line).isTrue();
        return new Running(process, URI.create(ready.group(1)), ready.group(2), stdout.lines());
    }

    /**
     * Ctrl-C equivalent: SIGTERM runs the shutdown hook, which stops Jetty and the embedded
     * PostgreSQL.
     */
    private static void stop(Running running) throws InterruptedException {
        running.process().destroy();
        assertThat(running.process().waitFor(60, TimeUnit.SECONDS))
                .as("stopped within a minute")
                .isTrue();
        assertThat(running.stdout()).as("nothing but the ready line on stdout").isEmpty();
    }

    private Process launch(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("parley.server.jar", "target/parley-server.jar"));
        assertThat(jar).as("run 'mvn package' first").exists();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                jar.toString()));
        command.addAll(List.of(args));
        // To a file, not a pipe: an unread pipe that fills up would block the server.
        Path stderr = tmp.resolve("stderr-" + processes.count() + ".log");
        return processes.start(new ProcessBuilder(command).redirectError(stderr.toFile()));
    }

    private Path stderrOf(Process process) {
        return tmp.resolve("stderr-" + processes.indexOf(process) + ".log");
    }

    private static String cheapSignup(ApiClient api, String username, byte[] authKey) {
        return Json.write(TestDevice.cheapSignupRequest(api, username, authKey));
    }
}
