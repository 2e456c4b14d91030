import Foundation
import Testing

@testable import KomfyRuntime

@Suite("ChildProcess: helper processes that end with Komfy")
struct ChildProcessTests {
    static func isAlive(_ pid: Int32) -> Bool {
        // A zombie still answers kill(0); its /proc state is Z.
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
    }

    @Test("stop ends the child and its watchdog, with SIGKILL when there is no grace and SIGTERM when there is")
    func stopEndsEverything() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("komfy-child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // One that ignores SIGTERM, as Tansu does (an ignored signal stays ignored across exec),
        // stopped without grace; one that exits on SIGTERM and says so, given grace. It hears the
        // signal only if the child was started with none blocked.
        let cases: [(arguments: [String], grace: Int)] = [
            (["-c", "trap '' TERM; exec sleep 1000"], 0),
            (["-c", "trap 'echo got-term; exit 0' TERM; while :; do sleep 0.1 & wait $!; done"], 10),
        ]
        for (index, (arguments, grace)) in cases.enumerated() {
            let child = try ChildProcess(name: "test", executable: URL(fileURLWithPath: "/bin/sh"), arguments: arguments,
                                         logFile: directory.appendingPathComponent("\(index).log"), graceSeconds: grace)
            var watched: [Int32] = []
            // The watchdog and the child once it has exec'd sleep.
            for _ in 0..<100 where watched.count < 2 {
                watched = child.processIDs
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(watched.count >= 2, "the child did not start: \(watched)")
            #expect(child.isRunning)
            child.stop()
            #expect(!child.isRunning)
            // A killed process can take a moment to be torn down (its /proc entry outlives it, with
            // an empty command line): wait for that, not for one that stays (sleep 1000 would).
            for _ in 0..<100 where watched.contains(where: Self.isAlive) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let alive = watched.filter(Self.isAlive).map { pid in
                "\(pid): " + ((try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? "")
                    .replacingOccurrences(of: "\0", with: " ")
            }
            #expect(alive.isEmpty, "case \(index): still running: \(alive)")
            if grace > 0 {
                #expect(child.logTail().contains("got-term"), "case \(index): the child never saw SIGTERM")
            }
        }
    }
}
