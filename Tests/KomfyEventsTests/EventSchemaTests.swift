import Foundation
import KomfyEvents
import Testing

/// The JSON Schemas in topics/schemas describe exactly what the codec writes: every sample validates,
/// every schema has samples, and records the schemas do not describe are rejected. The check runs
/// the Python `jsonschema` validator of the tools venv (deploy/local/install-tools.sh).
@Suite("topics/schemas: the JSON Schemas of job events")
struct EventSchemaTests {
    @Test("every encoded sample validates against its schema, and every schema has samples")
    func samplesValidate() async throws {
        let records = try EventSchemaChecker.encodedSamples()
        let directory = try EventSchemaChecker.writeRecords(records)
        defer { try? FileManager.default.removeItem(at: directory) }
        // To look at the records (docs/events.md shows them), copy them where asked.
        if let keep = ProcessInfo.processInfo.environment["KOMFY_EVENT_SAMPLES_OUT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: directory, to: URL(filePath: keep))
        }

        let result = try await EventSchemaChecker().run(directory)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.output.contains("ok: \(records.count) record(s) valid against 18 event schemas"), "\(result.output)")
    }

    /// Each record breaks one rule; the checker must name exactly these records, each for its reason.
    @Test("records the schemas do not describe are rejected, each for its reason")
    func rejectsUndescribedRecords() async throws {
        let codec = JobEventCodec()
        func record(_ envelope: JobEventEnvelope, _ change: (inout [String: JSONValue]) -> Void) throws -> Data {
            var fields = try #require(try JSONDecoder().decode(JSONValue.self, from: codec.encode(envelope)).objectValue)
            change(&fields)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(JSONValue.object(fields))
        }
        func data(_ fields: inout [String: JSONValue], _ change: (inout [String: JSONValue]) -> Void) {
            var data = fields["data"]?.objectValue ?? [:]
            change(&data)
            fields["data"] = .object(data)
        }
        let samples = JobEventSamples.self
        let bad: [(name: String, expected: String, bytes: Data)] = [
            ("extra-data-field", "Additional properties are not allowed ('surprise' was unexpected)",
             try record(samples.claimed) { data(&$0) { $0["surprise"] = 1 } }),
            ("extra-nested-field", "Additional properties are not allowed ('retry' was unexpected)",
             try record(samples.failed) {
                 data(&$0) { $0["error"] = ["code": "oom_error", "message": "m", "retry": true] }
             }),
            ("extra-envelope-field", "Additional properties are not allowed ('partition' was unexpected)",
             try record(samples.started) { $0["partition"] = 3 }),
            ("wrong-type", "'1' is not of type 'integer'",
             try record(samples.claimed) { data(&$0) { $0["attempt"] = "1" } }),
            ("missing-field", "'executor_id' is a required property",
             try record(samples.started) { data(&$0) { $0.removeValue(forKey: "executor_id") } }),
            ("wrong-version", "1 was expected",
             try record(samples.nodeProgress) { $0["version"] = 2 }),
            ("unknown-type", "no schema for event type 'JobExploded'",
             try record(samples.started) { $0["type"] = "JobExploded" }),
            ("uppercase-id", "does not match",
             try record(samples.started) { $0["id"] = .string(samples.started.id.uuidString) }),
            ("seconds-only-time", "does not match",
             try record(samples.started) { $0["occurred_at"] = "2026-11-22T21:57:28Z" }),
            ("impossible-date", "is not a 'date-time'",
             try record(samples.started) { $0["occurred_at"] = "2026-02-30T21:57:28.123Z" }),
            ("not-a-uuid", "is not a 'uuid'",
             try record(samples.started) { $0["job_id"] = "0d9f6a4e-8c5b-4c1e-9f3a-2b7d5e1c8a6g" }),
            ("zero-attempt", "0 is less than the minimum of 1",
             try record(samples.started) { data(&$0) { $0["attempt"] = 0 } }),
            ("webhook-failed-without-cause", "is not valid under any of the given schemas",
             try record(samples.webhookFailed) {
                 data(&$0) { $0.removeValue(forKey: "status_code"); $0.removeValue(forKey: "error") }
             }),
            ("model-without-url-or-name", "is not valid under any of the given schemas",
             try record(samples.validated) {
                 data(&$0) { $0["model_refs"] = [["node_id": "1", "input": "ckpt_name", "folder": "checkpoints"]] }
             }),
        ]
        let directory = try EventSchemaChecker.writeRecords(
            EventSchemaChecker.encodedSamples() + bad.map { ($0.name, $0.bytes) })
        defer { try? FileManager.default.removeItem(at: directory) }

        let result = try await EventSchemaChecker().run(directory)
        #expect(result.exitCode == 1, "\(result.output)")
        let failures = result.failures
        #expect(Set(failures.keys) == Set(bad.map { "\($0.name).json" }), "\(result.output)")
        for record in bad {
            let problems = failures["\(record.name).json"] ?? []
            #expect(problems.contains { $0.contains(record.expected) }, "\(record.name): \(problems)")
        }
    }

    @Test("a schema without samples, or an optional field no sample leaves out, fails the check")
    func coverage() async throws {
        let records = try EventSchemaChecker.encodedSamples().filter {
            !$0.name.hasPrefix("JobCancelled.") && $0.name != "NodeExecuting.minimal"
        }
        let directory = try EventSchemaChecker.writeRecords(records)
        defer { try? FileManager.default.removeItem(at: directory) }

        let result = try await EventSchemaChecker().run(directory)
        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.failures == [
            "job-events/JobCancelled.schema.json": [" coverage: no sample record of JobCancelled"],
            "job-events/NodeExecuting.schema.json": [" coverage: no NodeExecuting sample omits optional data.class_type"],
        ], "\(result.output)")

        #expect(try await EventSchemaChecker().run(directory, checkCoverage: false).exitCode == 0)
    }

    @Test("without the tools venv the check fails and says to run make setup")
    func missingTools() async throws {
        let checker = EventSchemaChecker(komfyHome: "/nonexistent/komfy-home")
        do {
            _ = try await checker.run(FileManager.default.temporaryDirectory)
            Issue.record("the checker ran without a tools venv")
        } catch let error as EventSchemaChecker.ToolsMissing {
            #expect(error.description.contains("make setup"))
        }
    }
}
