"""Writes schema.json and data.ndjson (10,000 documents of about 1 KB, deterministic) into the given folder."""
import json, random, sys, uuid

folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(20261129)

schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "email", "created", "name", "status", "address", "lines"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "email": {"type": "string", "format": "email", "maxLength": 120},
        "created": {"type": "string", "format": "date-time"},
        "name": {"type": "string", "pattern": "^[A-Z][a-z]+( [A-Z][a-z]+)*$"},
        "status": {"enum": ["new", "paid", "shipped", "cancelled"]},
        "score": {"type": "number", "minimum": 0, "maximum": 100},
        "tags": {"type": "array", "maxItems": 10, "uniqueItems": True,
                 "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,20}$"}},
        "address": {"$ref": "#/$defs/address"},
        "lines": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/line"}},
        "metadata": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 64}},
    },
    "$defs": {
        "address": {
            "type": "object",
            "required": ["street", "city", "zip", "country"],
            "properties": {
                "street": {"type": "string", "minLength": 1, "maxLength": 100},
                "city": {"type": "string", "minLength": 1},
                "zip": {"type": "string", "pattern": "^[0-9]{5}$"},
                "country": {"enum": ["FR", "DE", "US", "GB", "IT", "ES"]},
                "ip": {"type": "string", "format": "ipv4"},
            },
        },
        "line": {
            "type": "object",
            "required": ["sku", "quantity", "price"],
            "additionalProperties": False,
            "properties": {
                "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
                "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                "price": {"type": "number", "minimum": 0, "multipleOf": 0.01},
                "note": {"type": ["string", "null"], "maxLength": 200},
            },
        },
    },
}

words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]

def document(index):
    lines = []
    for _ in range(rng.randint(3, 6)):
        lines.append({
            "sku": "".join(rng.choice("ABCDEFGHIJ") for _ in range(3)) + "-" + str(rng.randint(1000, 9999)),
            "quantity": rng.randint(1, 20),
            "price": rng.randint(1, 99999) / 100,
            "note": None if rng.random() < 0.5 else " ".join(rng.choice(words) for _ in range(8)),
        })
    doc = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "email": f"{rng.choice(words)}.{rng.choice(words)}{index}@example.com",
        "created": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        "name": " ".join(rng.choice(words).capitalize() for _ in range(2)),
        "status": rng.choice(["new", "paid", "shipped", "cancelled"]),
        "score": round(rng.random() * 100, 3),
        "tags": rng.sample(words, 4),
        "address": {"street": f"{rng.randint(1, 200)} {rng.choice(words).capitalize()} Street",
                    "city": rng.choice(words).capitalize(), "zip": f"{rng.randint(10000, 99999)}",
                    "country": rng.choice(["FR", "DE", "US", "GB"]), "ip": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"},
        "lines": lines,
        "metadata": {f"key{k}": rng.choice(words) * 2 for k in range(5)},
    }
    if index % 50 == 7:  # about 2% invalid documents, several ways
        choice = index % 4
        if choice == 0: doc["address"]["zip"] = "ABCDE"
        elif choice == 1: doc["lines"][0]["quantity"] = 0
        elif choice == 2: doc["email"] = "not-an-email"
        else: doc["extra"] = True
    return doc

with open(f"{folder}/schema.json", "w") as f:
    json.dump(schema, f, indent=1)
with open(f"{folder}/data.ndjson", "w") as f:
    for index in range(count):
        f.write(json.dumps(document(index), separators=(",", ":")) + "\n")
