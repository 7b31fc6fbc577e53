package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.crypto.primitives.WeakKdfException;

class KdfParamsTest {

    @Test
    void defaultAndBoundsAreAcceptable() throws WeakKdfException {
        for (KdfParams params :
                new KdfParams[] {
                    KdfParams.DEFAULT, new KdfParams(1048576, 10, 4), new KdfParams(65536, 3, 4)
                }) {
            assertThat(params.meetsFloor()).as(params.toString()).isTrue();
            params.requireAcceptable();
        }
        assertThat(KdfParams.DEFAULT).isEqualTo(new KdfParams(65536, 3, 1));
    }

    @ParameterizedTest(name = "m={0} t={1} p={2} is refused as {3}")
    @CsvSource({
        "65535, 3, 1, weaker",
        "65536, 3, 0, weaker",
        "2000000, 3, 1, more expensive",
        "65536, 3, 16, more expensive"
    })
    void parametersBelowTheFloorOrAboveTheCeilingAreRefusedSayingWhich(
            int m, int t, int p, String which) {
        assertThatThrownBy(() -> new KdfParams(m, t, p).requireAcceptable())
                .isInstanceOf(WeakKdfException.class)
                .hasMessageContaining(which);
    }

    @Test
    void travelsAsMTP() {
        assertThat(Json.write(KdfParams.DEFAULT)).isEqualTo("{\"m\":65536,\"t\":3,\"p\":1}");
    }
}
