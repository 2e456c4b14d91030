#!/usr/bin/env python3
"""Validates encoded job events against the JSON Schemas in topics/schemas.

    check_event_schemas.py [--schemas DIR] [--topic FILE] [--no-coverage] RECORD_PATH...

A RECORD_PATH is a file holding one record (.json), a file of JSON lines (.jsonl), or a directory
of such files. Each record is checked against job-events/<its type>.schema.json (which refines
job-event-envelope.schema.json), with formats (uuid, date-time) asserted. $refs resolve only among
the local schema files: nothing is fetched from the network.

Unless --no-coverage is given, it also checks that every event schema has at least one record, and
that every property of each event's `data` appears in some record and every optional one is absent
from some record, so samples and schemas cannot drift apart silently. With --topic, the topic
definition's event_types must name exactly the event schemas.

Prints one `FAIL <file>[:<line>]: <where>: <message>` line per problem and exits 1 if there is any;
exits 2 if the schemas themselves are unusable. Run it with the tools venv
($KOMFY_HOME/venvs/tools, made by deploy/local/install-tools.sh).
"""

import argparse
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

SCHEMA_BASE = "https://komfy.invalid/topics/schemas/"
EVENT_SCHEMA_DIR = "job-events"
SCHEMA_SUFFIX = ".schema.json"


def main() -> int:
    repo_root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schemas", type=Path, default=repo_root / "topics" / "schemas")
    parser.add_argument("--topic", type=Path, help="a topic YAML whose event_types must match the schemas")
    parser.add_argument("--no-coverage", action="store_true", help="skip the sample coverage checks")
    parser.add_argument("records", nargs="+", type=Path)
    args = parser.parse_args()

    try:
        schemas = load_schemas(args.schemas)
        registry = Registry(retrieve=refuse_remote).with_resources(
            (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
        validators = {
            path.removeprefix(EVENT_SCHEMA_DIR + "/").removesuffix(SCHEMA_SUFFIX): Draft202012Validator(
                schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
            for path, schema in schemas.items() if path.startswith(EVENT_SCHEMA_DIR + "/")
        }
    except SchemaProblem as problem:
        print(f"schema error: {problem}", file=sys.stderr)
        return 2

    failures = []
    records = []  # (label, record) of every record that parsed
    for label, text in read_records(args.records):
        try:
            records.append((label, json.loads(text)))
        except json.JSONDecodeError as error:
            failures.append(f"{label}: not JSON: {error}")

    for label, record in records:
        event_type = record.get("type") if isinstance(record, dict) else None
        validator = validators.get(event_type) if isinstance(event_type, str) else None
        if validator is None:
            failures.append(f"{label}: type: no schema for event type {event_type!r}")
            continue
        for error in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
            where = ".".join(str(part) for part in error.absolute_path) or "(record)"
            failures.append(f"{label}: {where}: {error.message}")

    if not args.no_coverage:
        failures += coverage_failures(schemas, [record for _, record in records])
    if args.topic:
        failures += topic_failures(args.topic, set(validators))

    for failure in failures:
        print(f"FAIL {failure}")
    if failures:
        print(f"{len(failures)} problem(s) in {len(records)} record(s)")
        return 1
    print(f"ok: {len(records)} record(s) valid against {len(validators)} event schemas")
    return 0


class SchemaProblem(Exception):
    pass


def refuse_remote(uri):
    raise NoSuchResource(ref=uri)


def load_schemas(directory: Path) -> dict:
    """Every *.schema.json under `directory` by relative path, each checked against the 2020-12
    metaschema, with an $id that matches its path and formats that this install can assert."""
    for format_name in ("uuid", "date-time"):
        if format_name not in Draft202012Validator.FORMAT_CHECKER.checkers:
            raise SchemaProblem(f"jsonschema cannot check the {format_name!r} format here; "
                                "run deploy/local/install-tools.sh")
    schemas = {}
    for path in sorted(directory.rglob("*" + SCHEMA_SUFFIX)):
        relative = path.relative_to(directory).as_posix()
        try:
            schema = json.loads(path.read_text())
        except json.JSONDecodeError as error:
            raise SchemaProblem(f"{relative}: not JSON: {error}") from error
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as error:  # jsonschema.SchemaError, with the offending keyword
            raise SchemaProblem(f"{relative}: {error}") from error
        if schema.get("$id") != SCHEMA_BASE + relative:
            raise SchemaProblem(f"{relative}: $id must be {SCHEMA_BASE + relative}")
        open_objects = list(objects_without_closed_properties(schema))
        if open_objects:
            raise SchemaProblem(f"{relative}: objects with properties must set additionalProperties "
                                f"to false: {', '.join(open_objects)}")
        schemas[relative] = schema
    if not any(path.startswith(EVENT_SCHEMA_DIR + "/") for path in schemas):
        raise SchemaProblem(f"no event schemas in {directory / EVENT_SCHEMA_DIR}")
    return schemas


def objects_without_closed_properties(schema, where="#"):
    """Komfy owns the shape of every object it lists properties for: an encoder change the schema
    does not describe must fail the check, so such objects must not allow other properties."""
    if isinstance(schema, dict):
        if "properties" in schema and schema.get("type") == "object" and schema.get("additionalProperties") is not False:
            yield where
        for key, value in schema.items():
            yield from objects_without_closed_properties(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from objects_without_closed_properties(value, f"{where}/{index}")


def read_records(paths):
    """(label, text) of every record in the given files and directories."""
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl")) if path.is_dir() else [path]
        for file in files:
            text = file.read_text()
            if file.suffix == ".jsonl":
                for number, line in enumerate(text.splitlines(), start=1):
                    if line.strip():
                        yield f"{file.name}:{number}", line
            else:
                yield file.name, text


def coverage_failures(schemas, records):
    failures = []
    for path, schema in schemas.items():
        if not path.startswith(EVENT_SCHEMA_DIR + "/"):
            continue
        event_type = schema["properties"]["type"]["const"]
        datas = [r.get("data") for r in records if isinstance(r, dict) and r.get("type") == event_type]
        datas = [data for data in datas if isinstance(data, dict)]
        if not datas:
            failures.append(f"{path}: coverage: no sample record of {event_type}")
            continue
        data_schema = schema["properties"]["data"]
        required = set(data_schema.get("required", []))
        for name in data_schema.get("properties", {}):
            if not any(name in data for data in datas):
                failures.append(f"{path}: coverage: no {event_type} sample sets data.{name}")
            if name not in required and all(name in data for data in datas):
                failures.append(f"{path}: coverage: no {event_type} sample omits optional data.{name}")
    return failures


def topic_failures(topic_path: Path, schema_types: set) -> list:
    import yaml  # only needed for this check

    listed = yaml.safe_load(topic_path.read_text()).get("event_types") or []
    failures = [f"{topic_path.name}: event_types: {name} has no schema" for name in listed if name not in schema_types]
    failures += [f"{topic_path.name}: event_types: {name} is missing" for name in sorted(schema_types - set(listed))]
    return failures


if __name__ == "__main__":
    sys.exit(main())
