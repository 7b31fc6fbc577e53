package org.parley.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.model.Json;
import org.parley.testing.ChildProcesses;
import org.parley.testing.Wait;
import org.parley.testing.stack.LocalStack;

/**
 * The README's group walkthrough with the real {@code parley-cli.jar}, one process per command
 * (password in {@code PARLEY_PASSWORD}), against a real stack: create, list, send by id and by
 * name, receive, a non-admin's refused add (exit 1, one line on stderr), remove, leave, info.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class GroupCliIT {
    private static final String ID = "[0-9a-f]{32}";

    @TempDir static Path tmp;
    @RegisterExtension static final LocalStack stack = LocalStack.perClass();

    record Result(int exit, List<String> out, String err) {}

    @Test
    void theReadmeGroupWalkthroughWorksFromTheCommandLine() throws Exception {
        String url = stack.authUri().toString();
        for (String user : List.of("alice", "bob", "carol")) {
            assertThat(ok(user, "--server", url, "--user", user, "signup"))
                    .containsExactly("Signed up as " + user + " on " + url);
        }
        String g = single(ok("alice", "group", "create", "Weekend trip", "--members", "bob,carol"));
        assertThat(g).matches(ID);
        assertThat(ok("alice", "group", "list"))
                .singleElement()
                .asString()
                .isEqualTo(g + "\tWeekend trip\talice (admin), bob, carol");

        String first = single(ok("alice", "group", "send", g, "Who brings the tent?"));
        String second = single(ok("bob", "group", "send", "Weekend trip", "I do."));
        List<String> carolGot = ok("carol", "receive", "--timeout", "5", "--json");
        assertThat(carolGot).hasSize(2);
        Map<?, ?> a =
                Json.parse(
                        carolGot.stream().filter(l -> l.contains(first)).findFirst().orElseThrow(),
                        Map.class);
        assertThat(a.get("from")).isEqualTo("alice");
        assertThat(a.get("group")).isEqualTo(g);
        assertThat(a.get("text")).isEqualTo("Who brings the tent?");
        Map<?, ?> b =
                Json.parse(
                        carolGot.stream().filter(l -> l.contains(second)).findFirst().orElseThrow(),
                        Map.class);
        assertThat(b.get("from")).isEqualTo("bob");
        assertThat(b.get("text")).isEqualTo("I do.");

        Result refused = run("bob", "group", "add", g, "carol");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .isEqualTo("parley-cli: only the group's admin (alice) may add members");

        assertThat(ok("alice", "group", "remove", g, "bob"))
                .singleElement()
                .asString()
                .isEqualTo(g + "\tWeekend trip\talice (admin), carol");
        single(ok("alice", "group", "send", g, "bob is gone"));
        List<String> bobGot = ok("bob", "receive", "--timeout", "3");
        assertThat(String.join("\n", bobGot)).doesNotContain("bob is gone");
        assertThat(ok("carol", "receive", "--timeout", "5"))
                .singleElement()
                .asString()
                .endsWith(" alice in #" + g + ": bob is gone");

        // A file to the group, by name; carol's receive shows it as a group file, saved
        // byte-identical.
        byte[] plan = new byte[300_000];
        new java.util.Random(3).nextBytes(plan);
        Path planFile = tmp.resolve("route plan.pdf");
        Files.write(planFile, plan);
        String fileId =
                single(ok("alice", "send-file", "--group", "Weekend trip", planFile.toString()));
        assertThat(fileId).matches(ID);
        Map<?, ?> got =
                Json.parse(single(ok("carol", "receive", "--timeout", "5", "--json")), Map.class);
        assertThat(got.get("id")).isEqualTo(fileId);
        assertThat(got.get("from")).isEqualTo("alice");
        assertThat(got.get("group")).isEqualTo(g);
        Map<?, ?> file = (Map<?, ?>) got.get("file");
        assertThat(file.get("name")).isEqualTo("route plan.pdf");
        assertThat(Files.readAllBytes(Path.of((String) file.get("path")))).isEqualTo(plan);
        Result noGroup = run("alice", "send-file", "--group", "No such trip", planFile.toString());
        assertThat(noGroup.exit()).isEqualTo(1);
        assertThat(noGroup.err())
                .isEqualTo(
                        "parley-cli: you are in no group named 'No such trip' (see: group list)");
        Result both = run("alice", "send-file", "--to", "carol", "--group", g, planFile.toString());
        assertThat(both.exit()).isNotZero();
        assertThat(both.err()).isEqualTo("parley-cli: give either --to USER or --group G");

        assertThat(ok("carol", "group", "leave", "Weekend trip")).containsExactly("Left the group");
        List<String> info = ok("alice", "group", "info", g);
        assertThat(info.get(0)).isEqualTo(g + "\tWeekend trip\talice (admin)");
        assertThat(String.join("\n", info))
                .contains("alice created the group", "alice removed bob", "carol left");
    }

    private static String single(List<String> lines) {
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private List<String> ok(String who, String... args) throws Exception {
        Result r = run(who, args);
        assertThat(r.exit())
                .as("exit of parley-cli %s; stderr: %s", List.of(args), r.err())
                .isZero();
        assertThat(r.err()).as("stderr of parley-cli %s", List.of(args)).isEmpty();
        return r.out();
    }

    private int runs;

    private Result run(String who, String... args) throws Exception {
        List<String> command =
                ChildProcesses.javaCommand(
                        "-jar",
                        jar().toString(),
                        "--profile",
                        tmp.resolve(who + "-profiles").toString());
        command.addAll(List.of(args));
        int n = runs++;
        Path out = tmp.resolve("out-" + n + ".log");
        Path err = tmp.resolve("err-" + n + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().put("PARLEY_PASSWORD", "password of " + who + " for the walkthrough");
        Process p = builder.start();
        if (!p.waitFor(Wait.LONG.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("parley-cli " + command + " did not finish");
        }
        return new Result(p.exitValue(), Files.readAllLines(out, UTF_8), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, UTF_8).trim() : "";
    }

    private static Path jar() {
        String path = System.getProperty("parley.cli.jar");
        assertThat(path).as("system property parley.cli.jar (set by the pom)").isNotNull();
        return Path.of(path).toAbsolutePath().normalize();
    }
}
