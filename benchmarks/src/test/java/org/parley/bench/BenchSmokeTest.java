package org.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator at a few seconds' scale, so it cannot rot: every scenario against both the
 * Parley stack and the raw Artemis baseline must deliver each message exactly once, readable (the
 * receiver parses the sequence number out of the decrypted, stored text). No speed asserted.
 */
class BenchSmokeTest {

    @Test
    void everyMessageIsDeliveredOnceAndDecrypted(@TempDir Path dir) throws Exception {
        Bench.Result r = Bench.run(Scale.smoke(), dir.resolve("work"));
        String table = Bench.markdown(r);
        for (var phases : java.util.List.of(r.raw(), r.parley())) {
            assertThat(phases).containsOnlyKeys("throughput", "latency", "backlog");
            phases.forEach(
                    (name, p) -> {
                        assertThat(p.sent()).as(name).isPositive();
                        assertThat(p.correct()).as(name + ": " + p + "\n" + table).isTrue();
                    });
        }
        assertThat(r.parley().get("backlog").delivered()).isEqualTo(Scale.smoke().backlog());
        assertThat(r.logins()).isEqualTo(Scale.smoke().logins());
        assertThat(table).contains("| 1. throughput");
        // Scenario 4: every held user connected, the probe's messages each delivered once with and
        // without them.
        assertThat(r.connections().error()).isNull();
        assertThat(r.connections().connected()).isEqualTo(Scale.smoke().connections());
        assertThat(r.connections().nodeConnections())
                .isGreaterThanOrEqualTo(Scale.smoke().connections());
        assertThat(r.connections().quiet().correct())
                .as(r.connections().quiet().toString())
                .isTrue();
        assertThat(r.connections().loaded().correct())
                .as(r.connections().loaded().toString())
                .isTrue();
        // Scenario 6: the child opened a profile holding the whole conversation (it checks the
        // count itself).
        assertThat(r.footprint().messages()).isEqualTo(Scale.smoke().conversation());
        assertThat(r.footprint().heapMiB()).isPositive();
        assertThat(table).contains("| 4. logged-in users").contains("| 6. client");
    }
}
