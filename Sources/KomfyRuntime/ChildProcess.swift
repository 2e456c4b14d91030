import Foundation
import Logging

/// A helper process (the broker, a ComfyUI engine) that must not outlive Komfy.
///
/// It runs under a small `sh` watchdog: if Komfy dies without stopping it (a crash, `kill -9`, a
/// test run cut short), the watchdog notices within a second and ends the child.
public final class ChildProcess: Sendable {
    public let name: String
    private let process: Process
    public let logFile: URL

    /// Starts `executable` with `arguments`; its output goes to `logFile`. To stop it, the child gets
    /// SIGTERM and `graceSeconds` to exit before SIGKILL (0: SIGKILL at once, for children like
    /// Tansu that do not exit on SIGTERM and hold nothing worth a clean shutdown).
    public init(name: String, executable: URL, arguments: [String], environment: [String: String]? = nil,
                logFile: URL, graceSeconds: Int = 10) throws {
        self.name = name
        self.logFile = logFile
        let quoted = ([executable.path] + arguments).map(Self.shellQuote).joined(separator: " ")
        let parent = ProcessInfo.processInfo.processIdentifier
        let watchdog = """
            \(quoted) & child=$!
            stop() {
              kill -TERM $child 2>/dev/null; n=0
              while [ $n -lt \(graceSeconds * 10) ] && kill -0 $child 2>/dev/null; do sleep 0.1; n=$((n+1)); done
              kill -KILL $child 2>/dev/null; wait $child 2>/dev/null; kill $! 2>/dev/null; exit 0
            }
            trap stop TERM INT
            # `wait` returns as soon as a trapped signal arrives; a foreground `sleep 1` would hold
            # the trap (and the caller of stop()) for up to a second.
            while kill -0 \(parent) 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1 & wait $!; done
            stop
            """
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", watchdog]
        if let environment { process.environment = environment }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.runWithNoSignalsBlocked()
        self.process = process
    }

    public var isRunning: Bool { process.isRunning }

    /// CPU time (user + system) the child and the processes under it have used so far, from
    /// Linux's /proc; nil where that cannot be read. For benchmarks that count the broker's share.
    public var cpuSeconds: Double? {
        guard process.isRunning else { return nil }
        return Self.treeCPUSeconds(of: process.processIdentifier)
    }

    private static func treeCPUSeconds(of pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        // Fields after the name start at field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return children(of: pid).reduce((user + system) / ticks) { $0 + (treeCPUSeconds(of: $1) ?? 0) }
    }

    /// The watchdog and every process under it, the child included (from Linux's /proc; empty once
    /// stopped).
    var processIDs: [Int32] {
        guard process.isRunning else { return [] }
        func tree(_ pid: Int32) -> [Int32] { [pid] + Self.children(of: pid).flatMap(tree) }
        return tree(process.processIdentifier)
    }

    private static func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }

    /// Asks the child to stop and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The last lines of the child's log, for error messages.
    public func logTail(lines: Int = 20) -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    static func shellQuote(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
