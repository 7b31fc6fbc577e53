package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.X25519;

/** API contracts of X25519, Ed25519, HKDF and identity keys beyond the vector files. */
class PrimitivesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCases() {
        // RFC 5869 A.1 (with salt) and A.3 (no salt, no info).
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertThat(
                        Hkdf.sha256(
                                ikm,
                                HEX.parseHex("000102030405060708090a0b0c"),
                                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                                42))
                .isEqualTo(
                        HEX.parseHex(
                                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
        assertThat(Hkdf.sha256(ikm, null, null, 42))
                .isEqualTo(
                        HEX.parseHex(
                                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
        assertThatThrownBy(() -> Hkdf.sha256(ikm, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.sha256(ikm, null, null, 8161))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void x25519BothSidesAgree() throws CryptoException {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        RANDOM.nextBytes(a);
        RANDOM.nextBytes(b);
        assertThat(X25519.agree(a, X25519.publicKey(b)))
                .isEqualTo(X25519.agree(b, X25519.publicKey(a)));
    }

    @Test
    void x25519RejectsWrongLengthsAndLowOrderPoints() {
        byte[] priv = new byte[32];
        RANDOM.nextBytes(priv);
        assertThatThrownBy(() -> X25519.agree(priv, new byte[31]))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> X25519.agree(priv, null)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> X25519.agree(new byte[33], X25519.publicKey(priv)))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> X25519.agree(priv, new byte[32]))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("low-order");
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> X25519.agree(priv, one)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> X25519.publicKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ed25519SignaturesVerifyOnlyForTheirKeyAndMessage() {
        Ed25519.KeyPair pair = Ed25519.generate(RANDOM);
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] sig = Ed25519.sign(pair.privateKey(), message);
        assertThat(Ed25519.publicKey(pair.privateKey())).isEqualTo(pair.publicKey());
        assertThat(Ed25519.verify(pair.publicKey(), message, sig)).isTrue();
        assertThat(Ed25519.verify(Ed25519.generate(RANDOM).publicKey(), message, sig)).isFalse();
        assertThat(Ed25519.verify(pair.publicKey(), "hellO".getBytes(StandardCharsets.UTF_8), sig))
                .isFalse();
        assertThat(pair.toString())
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(pair.privateKey()));
    }

    @Test
    void ed25519VerifyRefusesMalformedInputWithoutThrowing() {
        Ed25519.KeyPair pair = Ed25519.generate(RANDOM);
        byte[] message = {1, 2, 3};
        byte[] sig = Ed25519.sign(pair.privateKey(), message);
        byte[] longer = java.util.Arrays.copyOf(sig, 65);
        assertThat(Ed25519.verify(pair.publicKey(), message, longer)).isFalse();
        assertThat(Ed25519.verify(pair.publicKey(), message, java.util.Arrays.copyOf(sig, 63)))
                .isFalse();
        assertThat(Ed25519.verify(pair.publicKey(), message, null)).isFalse();
        assertThat(Ed25519.verify(pair.publicKey(), null, sig)).isFalse();
        assertThat(Ed25519.verify(null, message, sig)).isFalse();
        assertThat(Ed25519.verify(new byte[31], message, sig)).isFalse();
        // Not a point on the curve: y = 2 has no x.
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertThat(Ed25519.verify(notAPoint, message, sig)).isFalse();
        byte[] garbage = new byte[32];
        java.util.Arrays.fill(garbage, (byte) 0xff);
        assertThat(Ed25519.verify(garbage, message, sig)).isFalse();
        assertThatThrownBy(() -> Ed25519.sign(new byte[31], message))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityKeysRoundTripThroughTheirPrivateParts() throws CryptoException {
        IdentityKeyPair keys = IdentityKeyPair.generate(RANDOM);
        IdentityKeyPair restored =
                IdentityKeyPair.fromPrivate(keys.signingPrivate(), keys.agreementPrivate());
        assertThat(restored.publicKeys()).isEqualTo(keys.publicKeys());
        assertThat(keys.signingPublic()).isEqualTo(Ed25519.publicKey(keys.signingPrivate()));
        assertThat(keys.agreementPublic()).isEqualTo(X25519.publicKey(keys.agreementPrivate()));
        keys.publicKeys().requireValid();
        // Getters hand out copies.
        keys.signingPrivate()[0] ^= 1;
        keys.agreementPublic()[0] ^= 1;
        assertThat(keys.publicKeys()).isEqualTo(restored.publicKeys());
        assertThat(keys.signingPrivate()).isEqualTo(restored.signingPrivate());
        assertThat(keys.toString())
                .doesNotContain(
                        java.util.Base64.getEncoder().encodeToString(keys.signingPrivate()));
        assertThatThrownBy(() -> IdentityKeyPair.fromPrivate(new byte[31], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdentityKeyPair.fromPrivate(new byte[32], null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
