"""The random-inspection draw (双随机抽取), algorithm "zhifa-draw-v1". Standalone: this module uses only
the Python standard library, so anyone can copy it and re-run a draw from the published data.

What is published before the draw (the commitment notice, its JSON file under `fields`):
  pool = {"targets": [organisation ids, ascending],
          "inspectors": [officer ids, ascending],
          "conflicts": [[officer id, organisation id], ...],   # pairs that may not be drawn together
          "targets_per_draw": N, "inspectors_per_target": K}
  pool_sha256 = SHA-256 of canonical_json(pool)
  seed_sha256 = SHA-256 of the seed's 32 bytes (the seed is 64 hex characters, kept secret until the draw)

The draw, given the revealed seed:
  1. A random integer below n is drawn from the stream `label`: for counter c = 0, 1, 2, …, compute
     HMAC-SHA256(key=seed bytes, message=f"{label}:{c}" in UTF-8), read its first 8 bytes as a big-endian
     unsigned integer x; if x < 2**64 - (2**64 mod n) the answer is x mod n, otherwise try the next counter
     (rejection sampling, so every value is equally likely). Counters continue across calls in one stream.
  2. Targets: Fisher–Yates shuffle of the target list with stream "targets" (for i from len-1 down to 1,
     j = randbelow(i + 1), swap items i and j). Walk the shuffled list and select each target that has at
     least K inspectors without a conflict, until N are selected.
  3. Inspectors: for each selected target, shuffle the inspector list with stream "inspectors:<target id>"
     and take the first K inspectors without a conflict with that target.
  Result: {"assignments": [{"target": id, "inspectors": [id, id]}, ...]} in selection order.

To verify (`verify`): check SHA-256(seed) equals the published seed_sha256, SHA-256(canonical_json(pool))
equals the published pool_sha256, then re-run `run_draw(pool, seed)` and compare with the published result.

Step by step, with nothing but Python 3:
  1. download the JSON file of the pool notice (published before the draw) and of the results notice
     (each notice page links its `<slug>.json`);
  2. run `python draw.py pool-notice.json results-notice.json`;
  3. it prints "OK" when the draw checks out, or the problems found.
docs/registers.md explains the same in Chinese, with a runnable example.
"""

from __future__ import annotations

import hashlib
import hmac
import json

ALGORITHM = "zhifa-draw-v1"


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed_commitment(seed_hex: str) -> str:
    return sha256_hex(bytes.fromhex(seed_hex))


class Stream:
    """Deterministic integers from HMAC-SHA256(seed, "label:counter")."""

    def __init__(self, seed_hex: str, label: str):
        self.key, self.label, self.counter = bytes.fromhex(seed_hex), label, 0

    def below(self, n: int) -> int:
        if n < 1:
            raise ValueError("n must be positive")
        limit = 2**64 - (2**64 % n)
        while True:
            block = hmac.new(self.key, f"{self.label}:{self.counter}".encode(), hashlib.sha256).digest()
            self.counter += 1
            x = int.from_bytes(block[:8], "big")
            if x < limit:
                return x % n


def shuffled(items: list, seed_hex: str, label: str) -> list:
    items, stream = list(items), Stream(seed_hex, label)
    for i in range(len(items) - 1, 0, -1):
        j = stream.below(i + 1)
        items[i], items[j] = items[j], items[i]
    return items


def run_draw(pool: dict, seed_hex: str) -> dict:
    n, k = pool["targets_per_draw"], pool["inspectors_per_target"]
    conflicts = {(int(i), int(o)) for i, o in pool.get("conflicts", [])}

    def eligible(target):
        return [i for i in pool["inspectors"] if (i, target) not in conflicts]

    assignments = []
    for target in shuffled(pool["targets"], seed_hex, "targets"):
        if len(assignments) == n:
            break
        if len(eligible(target)) < k:
            continue
        chosen = [i for i in shuffled(pool["inspectors"], seed_hex, f"inspectors:{target}")
                  if (i, target) not in conflicts][:k]
        assignments.append({"target": target, "inspectors": chosen})
    return {"assignments": assignments}


def verify(*, pool: dict, pool_sha256: str, seed_sha256: str, seed: str, result: dict) -> list[str]:
    """Problems found re-running a published draw; an empty list means the draw checks out."""
    problems = []
    if seed_commitment(seed) != seed_sha256:
        problems.append("seed does not match the published seed_sha256")
    if sha256_hex(canonical_json(pool)) != pool_sha256:
        problems.append("pool does not match the published pool_sha256")
    if run_draw(pool, seed) != {"assignments": result.get("assignments")}:
        problems.append("re-running the draw gives a different result")
    return problems


def verify_files(pool_notice: dict, results_notice: dict) -> list[str]:
    """Verify from the two published notice files (their `fields.verification` parts)."""
    before, after = pool_notice["fields"]["verification"], results_notice["fields"]["verification"]
    if before["algorithm"] != ALGORITHM or after["algorithm"] != ALGORITHM:
        return [f"unknown algorithm (this verifier implements {ALGORITHM})"]
    problems = [] if before["seed_sha256"] == after["seed_sha256"] else ["the two notices name different seeds"]
    return problems + verify(pool=before["pool"], pool_sha256=before["pool_sha256"],
                             seed_sha256=before["seed_sha256"], seed=after["seed"], result=after["result"])


if __name__ == "__main__":  # pragma: no cover - the command-line verifier
    import sys

    with open(sys.argv[1], encoding="utf-8") as a, open(sys.argv[2], encoding="utf-8") as b:
        found = verify_files(json.load(a), json.load(b))
    print("OK" if not found else "\n".join(found))
    sys.exit(1 if found else 0)
