import Foundation
import KomfyEvents
import KomfyRuntime

/// Runs deploy/local/check_event_schemas.py with the tools venv's Python on a directory of records.
struct EventSchemaChecker {
    struct Result {
        var exitCode: Int32
        var output: String

        /// The `FAIL <label>: <problem>` lines, by label (a record's file name, or a schema's path).
        var failures: [String: [String]] {
            var byLabel: [String: [String]] = [:]
            for line in output.split(separator: "\n") where line.hasPrefix("FAIL ") {
                let rest = line.dropFirst("FAIL ".count)
                guard let colon = rest.firstIndex(of: ":") else { continue }
                byLabel[String(rest[..<colon]), default: []].append(String(rest[rest.index(after: colon)...]))
            }
            return byLabel
        }
    }

    struct ToolsMissing: Error, CustomStringConvertible {
        var python: String
        var description: String {
            "\(python) not found: the JSON Schema check needs the tools venv. Run `make setup` "
                + "(or deploy/local/install-tools.sh) and test again."
        }
    }

    /// The repository, found from this file's place in it (Tests/KomfyEventsTests/).
    static let repoRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    var komfyHome: String = ProcessInfo.processInfo.environment["KOMFY_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/komfy").path

    var python: String { "\(komfyHome)/venvs/tools/bin/python" }

    /// Runs the checker on a thread of its own (a Python start and a schema check: a second or so
    /// the cooperative pool's threads are not kept from the tests running in parallel).
    func run(_ records: URL, checkCoverage: Bool = true) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: python) else { throw ToolsMissing(python: python) }
        let root = Self.repoRoot
        var arguments = [
            root.appending(path: "deploy/local/check_event_schemas.py").path,
            "--schemas", root.appending(path: "topics/schemas").path,
            "--topic", root.appending(path: "topics/job-events.yaml").path,
        ]
        if !checkCoverage { arguments.append("--no-coverage") }
        arguments.append(records.path)
        let result = try await CommandRunner.run(URL(filePath: python), arguments)
        return Result(exitCode: result.status, output: result.output)
    }

    /// Writes each record to `<name>.json` in a new temporary directory.
    static func writeRecords(_ records: [(name: String, bytes: Data)]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "komfy-event-records-\(UUID().lowercased)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for record in records {
            try record.bytes.write(to: directory.appending(path: "\(record.name).json"))
        }
        return directory
    }

    /// Every sample, encoded by the codec, named after the sample.
    static func encodedSamples() throws -> [(name: String, bytes: Data)] {
        let codec = JobEventCodec()
        return try JobEventSamples.all.map { ($0.name, try codec.encode($0.envelope)) }
    }
}
