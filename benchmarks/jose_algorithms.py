"""Which JOSE ``alg`` for Ed25519 do joserfc, jwcrypto and PyJWT verify, and with what warnings?

RFC 9864 (2025) deprecates ``EdDSA`` in favour of the fully specified ``Ed25519``. This signs
one token with each name (joserfc) and verifies it with each library, given only the public JWK
without ``alg`` (as ``keys export --jwks`` writes it), then with PyJWT's documented fallback:
``Ed25519`` registered as its own OKP algorithm. docs/credentials.md quotes the table.

    python -m benchmarks.jose_algorithms
"""

from __future__ import annotations

import base64
import warnings
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _keys() -> tuple[dict[str, str], dict[str, str]]:
    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    public = {
        "kty": "OKP",
        "crv": "Ed25519",
        "kid": "k1",
        "x": _b64(private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)),
    }
    d = private.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return public, {**public, "d": _b64(d)}


def _joserfc(token: str, public: dict[str, str], alg: str) -> None:
    from joserfc import jws
    from joserfc.jwk import OKPKey

    jws.deserialize_compact(token, OKPKey.import_key(public), algorithms=[alg])


def _jwcrypto(token: str, public: dict[str, str], alg: str) -> None:
    from jwcrypto import jwk, jws

    signed = jws.JWS()
    signed.deserialize(token)
    signed.verify(jwk.JWK(**public), alg=alg)


def _pyjwt(token: str, public: dict[str, str], alg: str) -> None:
    import jwt

    jwt.PyJWS().decode(token, key=jwt.PyJWK(public).key, algorithms=[alg])


def _pyjwt_fallback(token: str, public: dict[str, str], alg: str) -> None:
    import jwt
    from jwt.algorithms import OKPAlgorithm

    verifier = jwt.PyJWS()
    if alg == "Ed25519":
        verifier.register_algorithm("Ed25519", OKPAlgorithm())
    verifier.decode(token, key=jwt.PyJWK(public).key, algorithms=[alg])


def _outcome(
    verify: Callable[[str, dict[str, str], str], None], token: str, public: dict[str, str], alg: str
) -> str:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            verify(token, public, alg)
        except Exception as error:
            return f"fails ({type(error).__name__})"
    return f"verifies, warns: {seen[0].message}" if seen else "verifies, no warning"


def main() -> None:
    from joserfc import jws
    from joserfc.jwk import OKPKey

    public, private = _keys()
    verifiers: dict[str, Callable[[str, dict[str, str], str], None]] = {
        f"joserfc {version('joserfc')}": _joserfc,
        f"jwcrypto {version('jwcrypto')}": _jwcrypto,
        f"PyJWT {version('pyjwt')}": _pyjwt,
        f"PyJWT {version('pyjwt')} + fallback": _pyjwt_fallback,
    }
    for alg in ("EdDSA", "Ed25519"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            header: dict[str, Any] = {"alg": alg, "kid": "k1", "typ": "vc+jwt"}
            token = jws.serialize_compact(
                header, b"{}", OKPKey.import_key(private), algorithms=[alg]
            )
        for name, verify in verifiers.items():
            print(f"{alg:8} {name:28} {_outcome(verify, token, public, alg)}")


if __name__ == "__main__":
    main()
