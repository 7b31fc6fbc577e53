package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
