#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""validate.py REPORT.json: check an "xtrail report --json" file against
doc/report.schema.json (JSON Schema draft 2020-12, python3-jsonschema).
Prints up to 5 errors and exits 1 when it does not validate."""
import json
import os
import sys

from jsonschema import Draft202012Validator

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "..", "..", "doc", "report.schema.json")

with open(SCHEMA) as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
with open(sys.argv[1]) as f:
    report = json.load(f)
errors = list(Draft202012Validator(schema).iter_errors(report))
for e in errors[:5]:
    print("%s: %s: %s" % (sys.argv[1], "/".join(map(str, e.absolute_path)),
                          e.message[:200]))
sys.exit(1 if errors else 0)
