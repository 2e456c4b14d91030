import Foundation
import Testing

@testable import KomfyRuntime

@Suite("MallocArenas: glibc's arena limit, unless the operator set one")
struct MallocArenasTests {
    @Test("the environment's own limit wins: MALLOC_ARENA_MAX or arena_max in GLIBC_TUNABLES")
    func operatorChoice() {
        #expect(MallocArenas.operatorChose(["MALLOC_ARENA_MAX": "4"]))
        #expect(MallocArenas.operatorChose(["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1:glibc.malloc.arena_max=8"]))
        #expect(!MallocArenas.operatorChose(["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1"]))
        #expect(!MallocArenas.operatorChose(["PATH": "/usr/bin"]))
        #expect(MallocArenas.limit(to: 1, environment: ["MALLOC_ARENA_MAX": "4"]) == nil)
    }

    /// Set in the child processes of `newThreadsShareArenas`: "limit" or "none".
    static let childMode = ProcessInfo.processInfo.environment["KOMFY_MALLOC_ARENAS_CHILD"]

    @Test("with the limit applied, new threads that allocate share the existing arenas; without it they add their own (each in a fresh process)")
    func newThreadsShareArenas() async throws {
        // A process that has run other tests may already hold glibc's maximum of arenas (eight per
        // core), where no limit could show: each case runs in a new process of this test binary.
        func child(_ mode: String) async throws -> (before: Int, after: Int) {
            var environment = ProcessInfo.processInfo.environment
            environment["KOMFY_MALLOC_ARENAS_CHILD"] = mode
            environment["MALLOC_ARENA_MAX"] = nil
            environment["GLIBC_TUNABLES"] = nil
            let output = try await CommandRunner.run(
                URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
                ["--testing-library", "swift-testing", "--filter", "MallocArenasTests/childProcess"],
                environment: environment).output
            let line = try #require(output.split(separator: "\n").first { $0.contains("ARENAS before=") }, "the child printed:\n\(output)")
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            try #require(numbers.count == 2, "\(line)")
            return (numbers[0], numbers[1])
        }
        let unlimited = try await child("none")
        #expect(unlimited.after > unlimited.before, "without the limit, new threads should have made arenas: \(unlimited)")
        let limited = try await child("limit")
        #expect(limited.after <= limited.before, "with the limit at the existing count, no new arena: \(limited)")
    }

    /// The child's half: eight threads alive at once, each allocating, then the arena count.
    @Test(.enabled(if: childMode != nil))
    func childProcess() throws {
        let before = try #require(MallocArenas.count())
        if Self.childMode == "limit" {
            #expect(MallocArenas.limit(to: before, environment: [:]) == before)
        }
        let allocated = DispatchGroup()
        let release = DispatchSemaphore(value: 0)
        for index in 0..<8 {
            allocated.enter()
            Thread.detachNewThread {
                let blocks = (1...200).map { malloc($0 * 64 + index)! }
                allocated.leave()
                // Alive until every thread has allocated, so none inherits another's freed arena.
                release.wait()
                blocks.forEach { free($0) }
            }
        }
        allocated.wait()
        let after = try #require(MallocArenas.count())
        for _ in 0..<8 { release.signal() }
        print("ARENAS before=\(before) after=\(after)")
    }
}
