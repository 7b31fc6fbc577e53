package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.parley.crypto.IdentityKeyPair;

class PublicKeysTest {

    private final PublicKeys keys = IdentityKeyPair.generate(new SecureRandom()).publicKeys();

    @Test
    void equalityIsByContent() {
        PublicKeys copy = new PublicKeys(keys.signing(), keys.agreement());
        assertThat(copy).isEqualTo(keys).hasSameHashCodeAs(keys);
        assertThat(copy.toString()).isEqualTo(keys.toString());
        byte[] changed = keys.agreement();
        changed[0] ^= 1;
        assertThat(new PublicKeys(keys.signing(), changed)).isNotEqualTo(keys);
    }

    @Test
    void isImmutable() {
        byte[] signing = keys.signing();
        PublicKeys held = new PublicKeys(signing, keys.agreement());
        signing[0] ^= 1;
        held.signing()[1] ^= 1;
        assertThat(held).isEqualTo(keys);
    }

    @Test
    void generatedKeysAreValid() {
        keys.requireValid();
    }

    @Test
    void wrongLengthsAreInvalid() {
        assertThatThrownBy(() -> new PublicKeys(new byte[31], keys.agreement()).requireValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signing");
        assertThatThrownBy(() -> new PublicKeys(keys.signing(), new byte[33]).requireValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agreement");
        assertThatThrownBy(() -> new PublicKeys(null, keys.agreement()).requireValid())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unusableKeysAreInvalid() {
        // The Ed25519 identity point (small order) and an X25519 low-order point.
        byte[] identity =
                HexFormat.of()
                        .parseHex(
                                "0100000000000000000000000000000000000000000000000000000000000000");
        assertThatThrownBy(() -> new PublicKeys(identity, keys.agreement()).requireValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signing");
        byte[] lowOrder =
                HexFormat.of()
                        .parseHex(
                                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
        assertThatThrownBy(() -> new PublicKeys(keys.signing(), lowOrder).requireValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agreement");
        assertThatThrownBy(() -> new PublicKeys(keys.signing(), new byte[32]).requireValid())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void travelsAsBase64Fields() {
        PublicKeys parsed = Json.parse(Json.write(keys), PublicKeys.class);
        assertThat(parsed).isEqualTo(keys);
        assertThat(Json.write(keys)).startsWith("{\"signing\":\"").contains("\"agreement\":\"");
    }
}
