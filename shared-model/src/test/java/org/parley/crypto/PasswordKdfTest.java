package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.KdfParams;

class PasswordKdfTest {

    private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    // Argon2 at the floor costs a noticeable fraction of a second, so the derivations are shared.
    private static DerivedKeys composed;

    @BeforeAll
    static void deriveOnce() throws WeakKdfException {
        composed = PasswordKdf.derive("Caf\u00e9 \u2460", SALT, KdfParams.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
        "32768, 3, 1",
        "65536, 2, 1",
        "65536, 3, 0",
        "1048577, 3, 1",
        "65536, 11, 1",
        "65536, 3, 5",
        "-1, 3, 1",
        "65536, -3, 1"
    })
    void parametersOutsideFloorOrCeilingAreRefused(int m, int t, int p) {
        KdfParams params = new KdfParams(m, t, p);
        assertThat(params.meetsFloor()).isFalse();
        assertThatThrownBy(() -> PasswordKdf.derive("password", SALT, params))
                .isInstanceOf(WeakKdfException.class);
    }

    @Test
    void missingParametersAreRefused() {
        assertThatThrownBy(() -> PasswordKdf.derive("password", SALT, null))
                .isInstanceOf(WeakKdfException.class);
    }

    @Test
    void saltMustBeSixteenBytes() {
        assertThatThrownBy(() -> PasswordKdf.derive("password", new byte[15], KdfParams.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordKdf.derive("password", null, KdfParams.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivationIsDeterministicAndNfkcEquivalentPasswordsGiveTheSameKeys()
            throws WeakKdfException {
        // "e" + combining acute and a circled digit: NFKC turns them into "\u00e9" and "1".
        DerivedKeys decomposed = PasswordKdf.derive("Cafe\u0301 \u2460", SALT, KdfParams.DEFAULT);
        assertThat(decomposed).isEqualTo(composed);
        assertThat(PasswordKdf.derive("Caf\u00e9 1", SALT, KdfParams.DEFAULT)).isEqualTo(composed);
    }

    @Test
    void authKeyAndWrapKeyAreDistinct32ByteKeys() {
        assertThat(composed.authKey()).hasSize(32);
        assertThat(composed.wrapKey()).hasSize(32);
        assertThat(composed.authKey()).isNotEqualTo(composed.wrapKey());
        assertThat(composed.authKeyBase64()).hasSize(44);
    }

    @Test
    void differentPasswordOrSaltGivesDifferentKeys() throws WeakKdfException {
        assertThat(PasswordKdf.derive("cafe 1", SALT, KdfParams.DEFAULT)).isNotEqualTo(composed);
        byte[] otherSalt = SALT.clone();
        otherSalt[0] ^= 1;
        assertThat(PasswordKdf.derive("Caf\u00e9 1", otherSalt, KdfParams.DEFAULT))
                .isNotEqualTo(composed);
    }

    @Test
    void toStringDoesNotRevealKeys() {
        assertThat(composed.toString())
                .doesNotContain(composed.authKeyBase64())
                .contains("redacted");
    }
}
