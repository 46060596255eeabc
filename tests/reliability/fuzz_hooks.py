"""Schemathesis hooks for the outside fuzzing run (test_api_fuzz.py loads them with SCHEMATHESIS_HOOKS).

- tus: PATCH bodies go out as raw bytes (`application/offset+octet-stream`), the HEAD that drf-spectacular
  leaves out of the schema (it drops HEAD from every view) is added, and the examples phase gets a real
  upload of the role's own and valid `Upload-Metadata`, so that the body of a tus PATCH reaches the code
  that receives it instead of stopping at 404.
- Every 5xx is written down (ZHIFA_FUZZ_SERVER_ERRORS, one JSON line each: role, phase, request as curl,
  answer), so that the findings name the role and the exact input without the token.
- The accounts that do the fuzzing are left alone: a generated `POST /api/users/{id}/deactivate/` aimed at
  one of them would revoke its token and turn the rest of the run into 401s.

The run's own facts come in through the environment (ZHIFA_FUZZ_*), written by the test's setup."""

from __future__ import annotations

import copy
import json
import os
import threading

import schemathesis

FACTS = json.loads(os.environ.get("ZHIFA_FUZZ_FACTS", "{}"))
PROTECTED_USERS = {str(pk) for pk in FACTS.get("protected_users", [])}
SERVER_ERRORS = os.environ.get("ZHIFA_FUZZ_SERVER_ERRORS")
ROLE = os.environ.get("ZHIFA_FUZZ_ROLE", "")
_lock = threading.Lock()
UPLOAD = "/api/evidence/uploads/{uid}/"
UPLOADS = "/api/evidence/uploads/"


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(ctx, value):
    """A tus PATCH carries raw bytes: whatever was generated, as bytes."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    return str(value).encode("utf-8", "surrogatepass")


def _param(operation: dict, name: str) -> dict | None:
    return next((p for p in operation.get("parameters", []) if p.get("name") == name), None)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    paths = raw_schema.get("paths", {})
    detail = paths.get(UPLOAD, {})
    if "patch" in detail and "head" not in detail:
        head = {"operationId": "evidence_uploads_head", "summary": "查询已接收的字节数（Upload-Offset）",
                "tags": detail["patch"].get("tags", []), "security": detail["patch"].get("security", []),
                "parameters": [copy.deepcopy(p) for p in detail["patch"]["parameters"]
                               if p.get("name") in ("uid", "Tus-Resumable")],
                "responses": {code: {"description": text} for code, text in
                              (("200", "Upload-Offset"), ("401", ""), ("403", ""), ("404", ""),
                               ("410", ""), ("412", ""), ("429", ""))}}
        detail["head"] = head
    uid = FACTS.get("upload_uid")
    if uid:
        for method in ("head", "patch", "delete", "get"):
            parameter = _param(detail.get(method, {}), "uid")
            if parameter is not None:
                parameter["example"] = uid
        patch = detail.get("patch")
        if patch:
            if (offset := _param(patch, "Upload-Offset")) is not None:
                offset["example"] = 0
            body = patch.get("requestBody", {}).get("content", {}).get("application/offset+octet-stream")
            if body is not None:
                body["example"] = "证据片段 evidence chunk"
    metadata = FACTS.get("upload_metadata")
    create = paths.get(UPLOADS, {}).get("post")
    if metadata and create:
        if (parameter := _param(create, "Upload-Metadata")) is not None:
            parameter["example"] = metadata
        if (parameter := _param(create, "Upload-Length")) is not None:
            parameter["example"] = 64
    for operation in detail.values():
        if isinstance(operation, dict) and (tus := _param(operation, "Tus-Resumable")) is not None:
            tus.setdefault("example", "1.0.0")


@schemathesis.hook
def filter_path_parameters(context, path_parameters):
    operation = context.operation
    if operation is None or not operation.path.startswith("/api/users/{"):
        return True
    return str(path_parameters.get("id")) not in PROTECTED_USERS


@schemathesis.hook
def after_call(context, case, response):
    if response.status_code < 500 or not SERVER_ERRORS:
        return
    phase = getattr(getattr(getattr(case, "meta", None), "phase", None), "name", "")
    try:
        curl = case.as_curl_command(headers={"Authorization": "Token <" + ROLE + ">"} if ROLE != "anonymous" else None)
    except Exception:  # noqa: BLE001 - the record matters more than its form
        curl = f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r}"[:3000]
    entry = {"role": ROLE, "phase": str(getattr(phase, "value", phase)), "operation": case.operation.label,
             "status": response.status_code, "curl": curl[:4000], "answer": response.text[:1000]}
    with _lock, open(SERVER_ERRORS, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
