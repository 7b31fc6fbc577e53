package org.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.GsonBuilder;
import org.junit.jupiter.api.Test;

class FootprintResultJsonTest {

    @Test
    void scenarioSixIsWrittenUnderItsResultsJsonNamesInOrder() {
        Footprint.Result result =
                new Footprint.Result(200, 1.5, 2.5, 3.5, 4.5, Double.NaN, 6.5, 7.5, "no display");
        assertThat(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(result))
                .isEqualTo(
                        "{\"conversationMessages\":200,\"openAndLoadMs\":1.5,\"heapAfterGcMiB\":2.5,"
                                + "\"rssMiB\":3.5,\"emptyJvmRssMiB\":4.5,"
                                + "\"fxColdStartToLoginWindowMs\":NaN,\"fxStartMedianOf3Ms\":6.5,"
                                + "\"fxRssAtLoginWindowMiB\":7.5,\"fxNote\":\"no display\"}");
    }
}
