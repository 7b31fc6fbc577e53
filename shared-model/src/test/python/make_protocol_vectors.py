#!/usr/bin/env python3
"""Writes ../resources/org/parley/crypto/protocol_vectors.json: Parley v1 protocol objects made
independently of the Java code, with pyca/cryptography (>= 44), straight from docs/PROTOCOL.md.
ProtocolVectorTest checks that the Java implementation opens and reproduces them.
Deterministic: fixed keys and nonces, and Ed25519 signatures are deterministic."""

import base64
import hashlib
import json
import os
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def b64(b):
    return base64.b64encode(b).decode()


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def hkdf(ikm, salt, info, length=32):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info.encode()).derive(ikm)


def fixed(label, n=32):
    return hashlib.sha256(("parley test " + label).encode()).digest()[:n]


class Party:
    def __init__(self, name):
        self.name = name
        self.sign_priv = fixed(name + " signing")
        self.agree_priv = fixed(name + " agreement")
        self.sign_pub = Ed25519PrivateKey.from_private_bytes(self.sign_priv).public_key().public_bytes(*RAW)
        self.agree_pub = X25519PrivateKey.from_private_bytes(self.agree_priv).public_key().public_bytes(*RAW)

    def json(self):
        return {"username": self.name, "signingPrivate": b64(self.sign_priv), "agreementPrivate": b64(self.agree_priv),
                "publicKeys": {"signing": b64(self.sign_pub), "agreement": b64(self.agree_pub)}}


def contact_secret(me, peer):
    shared = X25519PrivateKey.from_private_bytes(me.agree_priv).exchange(X25519PublicKey.from_public_bytes(peer.agree_pub))
    a, b = sorted([me.name, peer.name])
    return hkdf(shared, None, "parley/v1/contact|" + a + "|" + b)


def aad(h):
    return ("parley/v1/env|%d|%s|%s|%s|%s|%d|%s" % (h["v"], h["id"], h["from"], h["to"] or "", h["group"] or "",
                                                   h["ts"], h["type"])).encode()


def seal(key, nonce, plaintext, ad):
    return nonce + AESGCM(key).encrypt(nonce, plaintext, ad)


def password_keys(password, salt, m, t, p):
    master = Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m).derive(
        unicodedata.normalize("NFKC", password).encode())
    return {"password": password, "salt": b64(salt), "kdf": {"m": m, "t": t, "p": p},
            "authKey": b64(hkdf(master, None, "parley/v1/auth")), "wrapKey": b64(hkdf(master, None, "parley/v1/wrap"))}


def safety_half(p):
    keys = p.sign_pub + p.agree_pub
    h = b"\x00\x01" + keys + p.name.encode()
    for _ in range(5200):
        h = hashlib.sha512(h + keys).digest()
    return "".join("%05d" % (int.from_bytes(h[i:i + 5], "big") % 100000) for i in range(0, 30, 5))


alice, bob, carol = Party("alice"), Party("bob.smith"), Party("carol_99")
out = {"parties": [alice.json(), bob.json(), carol.json()]}

# Password KDF: a ligature and a composed accent, so NFKC matters.
out["passwordKdf"] = [password_keys("ﬁne Cafe\u0301 ① horse", fixed("salt", 16), 65536, 3, 1),
                      password_keys("p4ss word", fixed("salt2", 16), 65536, 3, 2)]

# Wrapped key blob.
wrap_key, salt, kdf = fixed("wrap key"), fixed("salt", 16), (65536, 3, 1)
keys_aad = ("parley/v1/keys|%s|%d|%d|%d|%s" % (alice.name, kdf[0], kdf[1], kdf[2], b64(salt))).encode()
blob = b"\x01" + seal(wrap_key, fixed("blob nonce", 12), alice.sign_priv + alice.agree_priv, keys_aad)
out["wrappedKeys"] = {"username": alice.name, "wrapKey": b64(wrap_key), "salt": b64(salt),
                      "kdf": {"m": kdf[0], "t": kdf[1], "p": kdf[2]}, "blob": b64(blob)}

out["contactSecret"] = {"a": alice.name, "b": bob.name, "secret": b64(contact_secret(alice, bob))}

# 1:1 envelope alice -> bob.
h = {"v": 1, "id": fixed("direct id", 16).hex(), "from": alice.name, "to": bob.name, "group": None,
     "ts": 1795000000123, "type": "text"}
plaintext = json.dumps({"text": "hello bob \u2713"}, ensure_ascii=False).encode()
mkey = hkdf(contact_secret(alice, bob), bytes.fromhex(h["id"]), "parley/v1/msg|%s>%s" % (alice.name, bob.name))
env = {"header": h, "ct": b64(seal(mkey, fixed("direct nonce", 12), plaintext, aad(h))), "sig": None, "keys": None}
out["directEnvelope"] = {"json": json.dumps(env, ensure_ascii=False), "plaintext": b64(plaintext)}

# Group envelope alice -> {alice, bob, carol}.
h = {"v": 1, "id": fixed("group id", 16).hex(), "from": alice.name, "to": None,
     "group": fixed("the group", 16).hex(), "ts": 1795000000456, "type": "text"}
plaintext = json.dumps({"text": "hello group"}).encode()
content_key = fixed("content key")
ct = seal(content_key, fixed("group nonce", 12), plaintext, aad(h))
wrapped = {}
for i, member in enumerate([alice, bob, carol]):
    wkey = hkdf(contact_secret(alice, member), bytes.fromhex(h["id"]), "parley/v1/gkey|%s>%s" % (alice.name, member.name))
    wrapped[member.name] = seal(wkey, fixed("wrap nonce %d" % i, 12), content_key, aad(h))
signed = b"parley/v1/gsig|" + aad(h) + ct + b"".join(m.encode() + b"=" + wrapped[m] for m in sorted(wrapped))
sig = Ed25519PrivateKey.from_private_bytes(alice.sign_priv).sign(signed)
env = {"header": h, "ct": b64(ct), "sig": b64(sig), "keys": {m: b64(k) for m, k in wrapped.items()}}
out["groupEnvelope"] = {"json": json.dumps(env), "plaintext": b64(plaintext)}

# Session token signed by a fixed auth-server key.
server = fixed("auth server signing")
claims = {"v": 1, "typ": "session", "sub": bob.name, "iat": 1795000000, "exp": 1795000900, "jti": fixed("jti", 16).hex()}
payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
signature = Ed25519PrivateKey.from_private_bytes(server).sign(payload.encode("ascii"))
out["sessionToken"] = {"serverPublic": b64(Ed25519PrivateKey.from_private_bytes(server).public_key().public_bytes(*RAW)),
                       "token": payload + "." + b64url(signature), "claims": claims}

halves = {p.name: safety_half(p) for p in (alice, bob)}
out["safetyNumber"] = {"a": alice.name, "b": bob.name, "digits": halves[alice.name] + halves[bob.name]}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "parley", "crypto",
                    "protocol_vectors.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2, ensure_ascii=False)
    f.write("\n")
print("wrote", os.path.normpath(path))
