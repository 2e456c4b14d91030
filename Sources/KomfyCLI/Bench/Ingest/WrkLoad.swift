import Foundation
import KomfyRuntime

/// Closed-loop peak load with wrk (Debian's 4.1): every connection sends its next request as soon
/// as the previous answer arrives, so the rate it reports is the most the server answers with this
/// many connections.
struct WrkLoad {
    /// The raw numbers of one wrk run, as it printed them.
    struct Report: Sendable {
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var non2xx: Int
        var socketErrors: Int
    }

    var tool: URL
    var threads: Int
    var connections: Int
    /// Where the Lua scripts and request bodies are written.
    var scratch: URL

    static func locate() throws -> URL {
        for directory in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/wrk") {
            return URL(fileURLWithPath: "\(directory)/wrk")
        }
        throw BenchError("wrk is not installed; deploy/local/install-apt.sh installs it (apt-get install wrk)")
    }

    func run(_ target: LoadTarget, seconds: Int) async throws -> Report {
        var arguments = ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--latency"]
        if target.method != "GET" || !target.headers.isEmpty {
            arguments += ["-s", try script(for: target).path]
        }
        let result = try await CommandRunner.run(tool, arguments + [target.url])
        guard result.status == 0, let report = Self.parse(result.output) else {
            throw BenchError("wrk against \(target.url) failed:\n\(result.output)")
        }
        return report
    }

    /// A script that sends `target`'s method, headers and body (read from a file, so any bytes work).
    private func script(for target: LoadTarget) throws -> URL {
        let slug = target.name.filter { $0.isLetter || $0.isNumber }
        let body = scratch.appendingPathComponent("\(slug)-body")
        try Data(target.body).write(to: body)
        var lines = ["wrk.method = \(Self.lua(target.method))"]
        for (name, value) in target.headers { lines.append("wrk.headers[\(Self.lua(name))] = \(Self.lua(value))") }
        lines += [
            "local file = assert(io.open(\(Self.lua(body.path)), \"rb\"))",
            "wrk.body = file:read(\"*a\")",
            "file:close()",
        ]
        let script = scratch.appendingPathComponent("\(slug).lua")
        try (lines.joined(separator: "\n") + "\n").write(to: script, atomically: true, encoding: .utf8)
        return script
    }

    private static func lua(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Reads wrk's `--latency` report:
    ///
    ///     Latency Distribution
    ///        50%  512.00us
    ///        99%    2.31ms
    ///     182938 requests in 10.00s, 26.34MB read
    ///     Socket errors: connect 0, read 0, write 0, timeout 3
    ///     Non-2xx or 3xx responses: 12
    static func parse(_ output: String) -> Report? {
        var requests: Int?
        var seconds: Double?
        var p50: Double?
        var p99: Double?
        var non2xx = 0
        var socketErrors = 0
        for line in output.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            guard let first = words.first else { continue }
            if first == "50%", words.count == 2 { p50 = milliseconds(words[1]) }
            if first == "99%", words.count == 2 { p99 = milliseconds(words[1]) }
            if words.count >= 4, words[1] == "requests", words[2] == "in" {
                requests = Int(first)
                seconds = milliseconds(words[3]).map { $0 / 1000 }
            }
            if line.contains("Non-2xx or 3xx responses:") { non2xx = Int(words.last ?? "") ?? 0 }
            if first == "Socket", words.count >= 10 {
                socketErrors = [3, 5, 7, 9].compactMap { Int(words[$0]) }.reduce(0, +)
            }
        }
        guard let requests, let seconds, let p50, let p99 else { return nil }
        return Report(requests: requests, seconds: seconds, p50: p50, p99: p99, non2xx: non2xx, socketErrors: socketErrors)
    }

    /// wrk's time units (`us`, `ms`, `s`, `m`, `h`) in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return value * factor }
        }
        return nil
    }
}
