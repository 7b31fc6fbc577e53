package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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

    @Test
    void weakerParametersAreRefusedAsWeak() {
        assertThatThrownBy(() -> new KdfParams(65535, 3, 1).requireAcceptable())
                .isInstanceOf(WeakKdfException.class)
                .hasMessageContaining("weaker");
        assertThatThrownBy(() -> new KdfParams(65536, 3, 0).requireAcceptable())
                .isInstanceOf(WeakKdfException.class);
    }

    @Test
    void costlierThanTheCeilingIsRefusedAsTooExpensive() {
        assertThatThrownBy(() -> new KdfParams(2_000_000, 3, 1).requireAcceptable())
                .isInstanceOf(WeakKdfException.class)
                .hasMessageContaining("more expensive");
        assertThatThrownBy(() -> new KdfParams(65536, 3, 16).requireAcceptable())
                .isInstanceOf(WeakKdfException.class);
    }

    @Test
    void travelsAsMTP() {
        assertThat(Json.write(KdfParams.DEFAULT)).isEqualTo("{\"m\":65536,\"t\":3,\"p\":1}");
    }
}
