package org.parley.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.X25519;
import org.parley.model.PublicKeys;
import org.parley.model.Usernames;

/**
 * Proof of possession of the keys a signup submits (decision 0014). Both proofs cover one
 * transcript: a domain label, the username, the server's challenge, the server's agreement key and
 * both submitted public keys.
 *
 * <ul>
 *   <li>the identity (Ed25519) key signs the transcript;
 *   <li>the agreement (X25519) key cannot sign, so it proves itself by agreement: the client
 *       computes X25519(its private key, the server's challenge key) and MACs the transcript with a
 *       key derived from that; only the holder of the private key (or the server, which derives its
 *       challenge key from its own secret) can compute it.
 * </ul>
 *
 * Someone submitting another account's public keys can make neither proof.
 */
public final class SignupProof {

    public static final int MAC_BYTES = 32;
    private static final byte[] LABEL =
            "parley-signup-proof-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_KEY_INFO =
            "parley/v1/signup-agreement-proof".getBytes(StandardCharsets.US_ASCII);

    /** The two proofs a signup request carries. */
    public record Proofs(byte[] signature, byte[] agreementProof) {}

    private SignupProof() {}

    /**
     * What both proofs cover; every part length-prefixed so no two inputs give the same bytes. The
     * username in its canonical form (as the server has it), whatever spelling was typed.
     */
    public static byte[] transcript(
            String username, byte[] challenge, byte[] serverAgreementKey, PublicKeys keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, LABEL);
        part(out, canonical(username).getBytes(StandardCharsets.UTF_8));
        part(out, challenge);
        part(out, serverAgreementKey);
        part(out, keys.signing());
        part(out, keys.agreement());
        return out.toByteArray();
    }

    /** The client's side: both proofs for {@code identity} signing up as {@code username}. */
    public static Proofs prove(
            IdentityKeyPair identity, String username, byte[] challenge, byte[] serverAgreementKey)
            throws CryptoException {
        byte[] transcript =
                transcript(username, challenge, serverAgreementKey, identity.publicKeys());
        byte[] signature = Ed25519.sign(identity.signingPrivate(), transcript);
        byte[] agreementPrivate = identity.agreementPrivate();
        try {
            return new Proofs(
                    signature,
                    agreementMac(X25519.agree(agreementPrivate, serverAgreementKey), transcript));
        } finally {
            java.util.Arrays.fill(agreementPrivate, (byte) 0);
        }
    }

    /** The server's side: whether the signature is the identity key's over {@code transcript}. */
    public static boolean verifySignature(PublicKeys keys, byte[] transcript, byte[] signature) {
        return signature != null
                && signature.length == Ed25519.SIGNATURE_BYTES
                && Ed25519.verify(keys.signing(), transcript, signature);
    }

    /**
     * The server's side: whether {@code proof} was made with the private half of {@code
     * keys.agreement()}.
     */
    public static boolean verifyAgreement(
            byte[] serverAgreementPrivate, PublicKeys keys, byte[] transcript, byte[] proof) {
        if (proof == null || proof.length != MAC_BYTES) {
            return false;
        }
        try {
            byte[] expected =
                    agreementMac(
                            X25519.agree(serverAgreementPrivate, keys.agreement()), transcript);
            return MessageDigest.isEqual(expected, proof);
        } catch (CryptoException e) {
            return false;
        }
    }

    private static byte[] agreementMac(byte[] shared, byte[] transcript) {
        byte[] key = Hkdf.sha256(shared, null, MAC_KEY_INFO, 32);
        java.util.Arrays.fill(shared, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static String canonical(String username) {
        try {
            return Usernames.normalize(username);
        } catch (IllegalArgumentException e) {
            return username; // the server refuses such a name before it looks at proofs
        }
    }

    private static void part(ByteArrayOutputStream out, byte @Nullable [] bytes) {
        int n = bytes == null ? 0 : bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        if (bytes != null) {
            out.write(bytes, 0, n);
        }
    }
}
