#!/usr/bin/env python3
"""Validates recorded feather-devserver responses against its OpenAPI document.

Usage: validate.py OPENAPI_JSON CASES_JSONL

Each line of CASES_JSONL is one recorded response:
  {"method": "GET", "path": "/v1/.../{kb_id}", "status": 200, "headers": {...}, "body": <JSON|null>}
"path" is the operation's path template in the document, or "*" with "response": NAME for an
answer the HTTP layer gives before any operation is known (checked against
components.responses[NAME]).

Strict where the document is loose on purpose for clients: every object schema with declared
properties accepts no other property (the devserver must send exactly the documented fields);
"date-time" must be UTC stamped to the second ("2026-11-07T05:31:56Z"); "uuid" must be a
canonical lower-case UUID. Every response must carry a Date header (IMF-fixdate) and, when it
has a body, Content-Type: application/json. Headers the document marks required (Retry-After)
must be present. Uses Debian's python3-jsonschema (Draft 2020-12, as OpenAPI 3.1 does).
"""
import copy
import json
import re
import sys

import jsonschema

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HTTP_DATE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                       r"\d{4} \d{2}:\d{2}:\d{2} GMT$")


def resolve(node, doc):
    """Inlines every local $ref (the document has no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolve(target, doc)
        return {k: resolve(v, doc) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, doc) for v in node]
    return node


def strict(schema):
    """No undeclared properties in any object schema that declares some."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schema)
    return schema


def format_checker():
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(DATE_TIME.match(v)))
    checker.checks("uuid")(lambda v: not isinstance(v, str) or bool(UUID.match(v)))
    return checker


def main():
    doc = json.load(open(sys.argv[1]))
    cases = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
    checker = format_checker()
    failures = []
    covered = set()
    for n, case in enumerate(cases, 1):
        where = "case %d: %s %s → %s" % (n, case["method"], case["path"], case["status"])
        if case["path"] == "*":
            response = doc["components"]["responses"].get(case.get("response", ""))
            if response is None:
                failures.append(where + ": no component response " + repr(case.get("response")))
                continue
        else:
            operation = doc["paths"].get(case["path"], {}).get(case["method"].lower())
            if operation is None:
                failures.append(where + ": the document has no such operation")
                continue
            response = operation["responses"].get(str(case["status"]))
            if response is None:
                failures.append(where + ": status not declared (declared: %s)"
                                % ", ".join(operation["responses"]))
                continue
            covered.add((case["method"], case["path"], str(case["status"])))
        response = resolve(response, doc)
        headers = {k.lower(): v for k, v in case.get("headers", {}).items()}
        if not HTTP_DATE.match(headers.get("date", "")):
            failures.append(where + ": no Date header in IMF-fixdate form: %r" % headers.get("date"))
        for name, spec in response.get("headers", {}).items():
            if spec.get("required") and name.lower() not in headers:
                failures.append(where + ": required header %s missing" % name)
        content = response.get("content", {}).get("application/json")
        body = case.get("body")
        if content is None:
            if body is not None:
                failures.append(where + ": a body where the document declares none")
            continue
        if not headers.get("content-type", "").startswith("application/json"):
            failures.append(where + ": content-type is %r" % headers.get("content-type"))
        schema = strict(content.get("schema", {}))
        validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.path)):
            failures.append("%s: %s at %s" % (where, error.message[:300],
                                             "/".join(str(p) for p in error.absolute_path)))
    operations = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
    untested = sorted("%s %s" % op for op in operations
                      if not any((op[0], op[1], s) in covered for s in ("200", "202")))
    for op in untested:
        failures.append("no successful response recorded for " + op)
    print("validated %d responses: %d operations, %d (operation, status) pairs"
          % (len(cases), len({(m, p) for m, p, _ in covered}), len(covered)))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
