"""Deterministic JSON payload for the flask-json load target.

The document is built once, at import, from a fixed seed, so the same
environment always yields the same document.  Its shape is meant to look
like a typical API response: nested objects, lists, unicode strings
(accents, CJK, emoji), ints, floats, booleans and nulls.

Environment:
    PAYLOAD_KB  approximate size of the serialized document in KB
                (default 4).  Records are added until the target is reached.

Exports:
    PAYLOAD     the document (a dict)
    BACKEND     "orjson" when orjson is importable, else "json"
    dumps(obj)  -> bytes (compact, UTF-8, non-ASCII kept as is)
    loads(data) -> object
"""

import os
import random

try:
    import orjson

    BACKEND = "orjson"

    def dumps(obj):
        """Serialize obj to compact UTF-8 JSON bytes."""
        return orjson.dumps(obj)

    def loads(data):
        """Parse JSON bytes (or str)."""
        return orjson.loads(data)

except ImportError:
    import json

    BACKEND = "json"
    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    _decoder = json.JSONDecoder()

    def dumps(obj):
        """Serialize obj to compact UTF-8 JSON bytes."""
        return _encoder.encode(obj).encode("utf-8")

    def loads(data):
        """Parse JSON bytes (or str)."""
        if isinstance(data, (bytes, bytearray, memoryview)):
            data = bytes(data).decode("utf-8")
        return _decoder.decode(data)


SEED = 20240601
DEFAULT_KB = 4

_NAMES = ["Zoë", "José", "Ångström", "François", "Łukasz", "Søren", "İlkay",
          "山田太郎", "王小明", "김민준", "Алексей", "Δημήτρης", "Ana", "Bob"]
_CITIES = ["São Paulo", "Zürich", "Kraków", "東京", "北京", "서울", "Москва",
           "Reykjavík", "Montréal", "Αθήνα", "Berlin", "Lagos"]
_TAGS = ["café", "naïve", "résumé", "😀", "🚀", "👍🏽", "数据", "テスト",
         "über", "piñata", "fast", "json", "☕", "🇯🇵"]
_WORDS = ["lorem", "ipsum", "dolor", "sit", "amet", "élan", "façade",
          "漢字", "かな", "🙂", "smörgåsbord", "crème", "brûlée", "ok"]


def _record(rng, i):
    """One user-like record of roughly 450 bytes."""
    return {
        "id": i,
        "uuid": "%032x" % rng.getrandbits(128),
        "name": rng.choice(_NAMES),
        "active": rng.random() < 0.7,
        "score": round(rng.uniform(-1000, 1000), 4),
        "ratio": rng.random(),
        "manager": None if rng.random() < 0.5 else rng.randrange(1, 10_000),
        "address": {
            "city": rng.choice(_CITIES),
            "zip": "%05d" % rng.randrange(100_000),
            "geo": {"lat": round(rng.uniform(-90, 90), 6),
                    "lon": round(rng.uniform(-180, 180), 6)},
        },
        "tags": rng.sample(_TAGS, 3),
        "history": [{"t": 1_700_000_000 + rng.randrange(10**7),
                     "ok": rng.random() < 0.9,
                     "v": rng.randrange(-2**40, 2**40)}
                    for _ in range(2)],
        "note": " ".join(rng.choice(_WORDS) for _ in range(6)),
    }


def build(kb=DEFAULT_KB, seed=SEED):
    """Build the document, adding records until it serializes to ~kb KB."""
    rng = random.Random(seed)
    target = max(1, int(float(kb) * 1024))
    doc = {
        "version": 1,
        "generated": "2024-06-01T12:00:00Z",
        "ok": True,
        "error": None,
        "meta": {"source": "perfharness", "locale": "fr-CA",
                 "greeting": "Bonjour à tous — 你好 — 🎉",
                 "limits": {"page": 1, "per_page": 50, "pi": 3.14159}},
        "items": [],
    }
    size = len(dumps(doc))
    while size < target:
        rec = _record(rng, len(doc["items"]) + 1)
        doc["items"].append(rec)
        size += len(dumps(rec)) + 1  # +1 for the separating comma
    doc["count"] = len(doc["items"])
    return doc


PAYLOAD = build(os.environ.get("PAYLOAD_KB", DEFAULT_KB))
