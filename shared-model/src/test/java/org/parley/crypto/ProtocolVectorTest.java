package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.Envelope;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.PublicKeys;

/**
 * Objects made from docs/PROTOCOL.md by an independent implementation (pyca/cryptography, see
 * src/test/python/make_protocol_vectors.py): the Java code must open and reproduce them, so the two
 * readings of the protocol text agree byte for byte.
 */
class ProtocolVectorTest {

    private static final JsonObject VECTORS = load();

    private record Party(String username, IdentityKeyPair keys, PublicKeys publicKeys) {}

    @Test
    void passwordKdfMatchesIndependentArgon2idAndHkdf() throws WeakKdfException {
        for (JsonElement e : VECTORS.getAsJsonArray("passwordKdf")) {
            JsonObject v = e.getAsJsonObject();
            KdfParams kdf = Json.parse(v.get("kdf").toString(), KdfParams.class);
            DerivedKeys keys =
                    PasswordKdf.derive(v.get("password").getAsString(), b64(v, "salt"), kdf);
            assertThat(keys.authKey()).as("authKey for " + kdf).isEqualTo(b64(v, "authKey"));
            assertThat(keys.wrapKey()).as("wrapKey for " + kdf).isEqualTo(b64(v, "wrapKey"));
        }
    }

    @Test
    void wrappedKeyBlobFromIndependentImplementationUnwraps() throws CryptoException {
        JsonObject v = VECTORS.getAsJsonObject("wrappedKeys");
        Party alice = party(0);
        IdentityKeyPair keys =
                KeyWrapper.unwrap(
                        b64(v, "blob"),
                        b64(v, "wrapKey"),
                        v.get("username").getAsString(),
                        b64(v, "salt"),
                        Json.parse(v.get("kdf").toString(), KdfParams.class),
                        alice.publicKeys());
        assertThat(keys.signingPrivate()).isEqualTo(alice.keys().signingPrivate());
        assertThat(keys.agreementPrivate()).isEqualTo(alice.keys().agreementPrivate());
    }

    @Test
    void contactSecretMatchesIndependentImplementationFromBothSides() throws CryptoException {
        byte[] expected = b64(VECTORS.getAsJsonObject("contactSecret"), "secret");
        Party alice = party(0);
        Party bob = party(1);
        assertThat(
                        new ContactSecrets(alice.username(), alice.keys())
                                .secretFor(bob.username(), bob.publicKeys()))
                .isEqualTo(expected);
        assertThat(
                        new ContactSecrets(bob.username(), bob.keys())
                                .secretFor(alice.username(), alice.publicKeys()))
                .isEqualTo(expected);
    }

    @Test
    void directEnvelopeFromIndependentImplementationOpens() throws CryptoException {
        JsonObject v = VECTORS.getAsJsonObject("directEnvelope");
        Envelope envelope = envelope(v);
        Party alice = party(0);
        Party bob = party(1);
        byte[] plaintext =
                new EnvelopeCrypto(bob.username(), bob.keys())
                        .openDirect(envelope, alice.publicKeys());
        assertThat(plaintext).isEqualTo(b64(v, "plaintext"));
    }

    @Test
    void groupEnvelopeFromIndependentImplementationOpensForEveryMember() throws CryptoException {
        JsonObject v = VECTORS.getAsJsonObject("groupEnvelope");
        Envelope envelope = envelope(v);
        Party alice = party(0);
        for (int i = 0; i < 3; i++) {
            Party member = party(i);
            byte[] plaintext =
                    new EnvelopeCrypto(member.username(), member.keys())
                            .openGroup(envelope, alice.publicKeys());
            assertThat(plaintext).as(member.username()).isEqualTo(b64(v, "plaintext"));
        }
    }

    @Test
    void sessionTokenFromIndependentImplementationVerifies() throws InvalidTokenException {
        JsonObject v = VECTORS.getAsJsonObject("sessionToken");
        SessionClaims expected = Json.parse(v.get("claims").toString(), SessionClaims.class);
        Clock clock = Clock.fixed(Instant.ofEpochSecond(expected.iat() + 1), ZoneOffset.UTC);
        assertThat(
                        SessionTokens.verify(
                                b64(v, "serverPublic"), v.get("token").getAsString(), clock))
                .isEqualTo(expected);
    }

    @Test
    void safetyNumberMatchesIndependentImplementation() {
        Party alice = party(0);
        Party bob = party(1);
        String digits = VECTORS.getAsJsonObject("safetyNumber").get("digits").getAsString();
        assertThat(
                        SafetyNumbers.of(
                                alice.username(),
                                alice.publicKeys(),
                                bob.username(),
                                bob.publicKeys()))
                .isEqualTo(digits);
    }

    private static Party party(int index) {
        JsonObject p = VECTORS.getAsJsonArray("parties").get(index).getAsJsonObject();
        IdentityKeyPair keys =
                IdentityKeyPair.fromPrivate(b64(p, "signingPrivate"), b64(p, "agreementPrivate"));
        PublicKeys published = Json.parse(p.get("publicKeys").toString(), PublicKeys.class);
        // The independent implementation derived the same public keys from the private ones.
        assertThat(keys.publicKeys()).isEqualTo(published);
        return new Party(p.get("username").getAsString(), keys, published);
    }

    /** The envelope of an envelope vector, parsed from its wire form. */
    private static Envelope envelope(JsonObject vector) throws CryptoException {
        return Envelope.parse(vector.get("json").getAsString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] b64(JsonObject object, String field) {
        return Base64.getDecoder().decode(object.get(field).getAsString());
    }

    private static JsonObject load() {
        try (InputStream in =
                ProtocolVectorTest.class.getResourceAsStream("protocol_vectors.json")) {
            if (in == null) {
                throw new AssertionError(
                        "protocol_vectors.json is missing from the test resources");
            }
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
