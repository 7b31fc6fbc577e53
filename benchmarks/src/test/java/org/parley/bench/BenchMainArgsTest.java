package org.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad command lines end at once with exit code 2 and one line saying what is wrong, no stack trace.
 */
class BenchMainArgsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--pairs abc",
                "--pairs 0",
                "--pairs -3",
                "--connections 99999999999",
                "--pairs",
                "--fx-jar /nonexistent/parley.jar",
                "--bogus",
                "--out"
            })
    void badArgumentsExitWithOneLine(String line) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                BenchMain.class.getName()));
        cmd.addAll(List.of(line.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
        String out = read(p).strip();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines()).as(out).hasSize(1);
        assertThat(out).startsWith("parley-bench: ").doesNotContain("Exception");
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
