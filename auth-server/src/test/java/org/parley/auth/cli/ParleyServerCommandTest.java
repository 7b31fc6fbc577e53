package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.config.Durations;

class ParleyServerCommandTest {

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void versionComesFromTheMavenProject() {
        int exit = run("--version");

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).matches("parley-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpListsTheAuthCommand() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("auth").contains("Runs the auth server");
    }

    @Test
    void anUnknownFlagIsOneLineOfErrorAndAUsageExitCode() {
        int exit = run("auth", "--prot", "8080");

        assertThat(exit).isEqualTo(2);
        assertOneErrorLine("Unknown option");
        assertThat(err.toString()).contains("'--prot'");
    }

    @Test
    void aFlagWithoutItsValueIsOneLineOfError() {
        int exit = run("auth", "--port");

        assertThat(exit).isEqualTo(2);
        assertOneErrorLine("Missing required parameter for option '--port'");
    }

    @Test
    void anInvalidValueIsReportedByKeyBeforeAnythingStarts() {
        int exit = run("auth", "--port", "eighty", "--data-dir", tmp.toString());

        assertThat(exit).isEqualTo(2);
        assertOneErrorLine("port must be a whole number, got 'eighty'");
    }

    @Test
    void everyBadBrokerSettingIsOneLineNamingItsKey() {
        int exit =
                run(
                        "broker",
                        "--node-id",
                        "b1",
                        "--data-dir",
                        tmp.toString(),
                        "--port",
                        "sixty",
                        "--account-cache-ttl",
                        "soon",
                        "--auth-url",
                        "http://127.0.0.1:8080");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .allMatch(line -> line.startsWith("parley-server: "))
                .anyMatch(line -> line.contains("port must be a whole number, got 'sixty'"))
                .anyMatch(line -> line.contains("account-cache-ttl must be a duration"))
                .anyMatch(line -> line.contains("token-public-key"))
                .anyMatch(line -> line.contains("cluster-password is required"))
                .noneMatch(line -> line.contains("\tat ") || line.contains("Exception"));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownKeyInTheBrokersConfigFileIsNamed() throws IOException {
        Path config = tmp.resolve("broker.properties");
        Files.writeString(config, "node-id=b1\nprot=61616\nconsole-port=x\n");

        int exit = run("broker", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .anyMatch(line -> line.equals("parley-server: unknown key 'prot'"))
                .anyMatch(line -> line.contains("console-port must be a whole number, got 'x'"))
                .anyMatch(line -> line.contains("data-dir is required"));
    }

    @Test
    void twoBadAuthSettingsAreTwoLines() {
        int exit =
                run(
                        "auth",
                        "--port",
                        "eighty",
                        "--token-ttl",
                        "soon",
                        "--data-dir",
                        tmp.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly(
                        "parley-server: port must be a whole number, got 'eighty'",
                        "parley-server: token-ttl must be " + Durations.EXPECTED + ", got 'soon'");
    }

    @Test
    void aBadStackSettingIsNamedByItsKey() {
        int exit = run("stack", "--data-dir", tmp.toString(), "--brokers", "12");

        assertThat(exit).isEqualTo(2);
        assertOneErrorLine("brokers (the broker count) must be between 1 and 9, got 12");
    }

    @Test
    void noCommandIsAUsageError() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertOneErrorLine("Missing command: auth, broker, stack or admin");
    }

    private int run(String... args) {
        return ParleyServerCommand.execute(
                args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private void assertOneErrorLine(String expected) {
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("parley-server: ")
                .contains(expected);
        assertThat(out.toString()).isEmpty();
    }
}
