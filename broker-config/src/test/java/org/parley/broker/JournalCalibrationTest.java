package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCalibrationTest {

    @TempDir Path dataDir;

    @Test
    void firstStartMeasuresTheDiskAndPersistsTheChosenTimeout() throws Exception {
        JournalCalibration.Result first =
                JournalCalibration.resolve(dataDir, BrokerNodeConfig.CALIBRATE, TestSupport.CLOCK);

        assertThat(first.source()).isEqualTo("measured");
        assertThat(first.medianSyncNanos()).isPositive();
        assertThat(first.bufferTimeoutNanos())
                .isBetween(
                        JournalCalibration.MIN_TIMEOUT_NANOS, JournalCalibration.MAX_TIMEOUT_NANOS)
                .isEqualTo(JournalCalibration.timeoutFor(first.medianSyncNanos()));
        Properties stored = load(dataDir.resolve(JournalCalibration.FILE_NAME));
        assertThat(stored.getProperty(JournalCalibration.KEY_TIMEOUT))
                .isEqualTo(Long.toString(first.bufferTimeoutNanos()));
        assertThat(Files.list(dataDir)).as("no probe file left behind").hasSize(1);
    }

    @Test
    void laterStartsReuseThePersistedValueWithoutMeasuringAgain() throws Exception {
        JournalCalibration.Result first =
                JournalCalibration.resolve(dataDir, BrokerNodeConfig.CALIBRATE, TestSupport.CLOCK);
        JournalCalibration.Result again =
                JournalCalibration.resolve(dataDir, BrokerNodeConfig.CALIBRATE, TestSupport.CLOCK);

        assertThat(again.source()).isEqualTo("persisted");
        assertThat(again.bufferTimeoutNanos()).isEqualTo(first.bufferTimeoutNanos());
        assertThat(again.medianSyncNanos()).isEqualTo(first.medianSyncNanos());
    }

    @Test
    void aConfiguredTimeoutWinsAndAnUnreadableCalibrationIsMeasuredAgain() throws Exception {
        assertThat(
                        JournalCalibration.resolve(dataDir, 123_456, TestSupport.CLOCK)
                                .bufferTimeoutNanos())
                .isEqualTo(123_456);
        assertThat(dataDir.resolve(JournalCalibration.FILE_NAME)).doesNotExist();

        Files.writeString(
                dataDir.resolve(JournalCalibration.FILE_NAME),
                "journal-buffer-timeout-ns=banana\n");
        assertThat(JournalCalibration.resolve(dataDir, 0, TestSupport.CLOCK).source())
                .isEqualTo("measured");
    }

    @Test
    void timeoutFollowsTheSyncTimeWithinSaneBounds() {
        assertThat(JournalCalibration.timeoutFor(1_000))
                .isEqualTo(JournalCalibration.MIN_TIMEOUT_NANOS);
        assertThat(JournalCalibration.timeoutFor(2_500_000)).isEqualTo(2_500_000);
        assertThat(JournalCalibration.timeoutFor(900_000_000))
                .isEqualTo(JournalCalibration.MAX_TIMEOUT_NANOS);
    }

    @Test
    void brokerNodeCalibratesOnFirstStartAndReusesItAfterARestart() throws Exception {
        BrokerNodeConfig config =
                TestSupport.config(
                                "calibrated", dataDir, TestSupport.freePort(), java.util.List.of())
                        .journalBufferTimeoutNanos(BrokerNodeConfig.CALIBRATE)
                        .build();
        BrokerNode node = new BrokerNode(config, TestSupport.CLOCK);
        try {
            node.start();
            long chosen = node.journalBufferTimeoutNanos();
            assertThat(chosen).isPositive();
            assertThat(node.server().getConfiguration().getJournalBufferTimeout_NIO())
                    .isEqualTo((int) chosen);
            assertThat(Files.readString(dataDir.resolve("broker.xml")))
                    .contains("<journal-buffer-timeout>" + chosen + "</journal-buffer-timeout>")
                    .doesNotContain(TestSupport.CLUSTER_PASSWORD)
                    .doesNotContain(TestSupport.SERVICE_PASSWORD);
            node.stop();
            node.start();
            assertThat(node.journalBufferTimeoutNanos()).isEqualTo(chosen);
        } finally {
            node.close();
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }
}
