#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check JSON Lines against a JSON Schema (draft 2020-12).

  json-schema-check.py SCHEMA FILE.jsonl

The schema is checked first (against its meta-schema), then every line;
each invalid line is named with its first errors. Ends with
"N valid, N invalid"; exits 1 if any line is invalid, 2 on a bad schema,
file or a missing python3-jsonschema (Debian's package; scripts/deps.sh).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("json-schema-check: python3-jsonschema is missing (scripts/deps.sh)",
          file=sys.stderr)
    sys.exit(2)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"json-schema-check: bad schema: {e.message}", file=sys.stderr)
        return 2
    validator = cls(schema)
    good = bad = 0
    with open(sys.argv[2], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            doc = json.loads(line)
            errors = sorted(validator.iter_errors(doc), key=str)
            if not errors:
                good += 1
                continue
            bad += 1
            for e in errors[:3]:
                where = "/".join(str(p) for p in e.absolute_path)
                print(f"line {n} ({doc.get('type')}): {where}: {e.message}")
    print(f"{good} valid, {bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
