#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing

@testable import KomfyRuntime

@Suite("BackgroundThread: one low-priority thread that runs jobs one at a time")
struct BackgroundThreadTests {
    struct Refused: Error {}

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// The kernel's id of the calling thread.
    static func threadID() -> UInt64 { UInt64(pthread_self()) }

    @Test("jobs from many tasks all run on the one thread, never on the caller's, and return their results")
    func oneThread() async throws {
        let thread = BackgroundThread(name: "komfy.test-background")
        let runs = try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            for index in 0..<50 {
                group.addTask { try await thread.run { (index * 2, Self.threadID()) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(runs.map(\.0)) == Set((0..<50).map { $0 * 2 }))
        #expect(Set(runs.map(\.1)).count == 1)
        #expect(runs.first?.1 != Self.threadID())
    }

    @Test("a job's error reaches its caller and the thread goes on")
    func errors() async throws {
        let thread = BackgroundThread(name: "komfy.test-background")
        await #expect(throws: Refused.self) { try await thread.run { throw Refused() } }
        #expect(try await thread.run { 7 } == 7)
    }

    @Test("the thread runs with the nice value it was given")
    func niceValue() async throws {
        let thread = BackgroundThread(name: "komfy.test-background", nice: 7)
        let nice = try await thread.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        let own = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        #expect(nice == min(own + 7, 19))
    }

    @Test("jobs queued before the thread is released still run")
    func drainsOnRelease() async throws {
        let done = Counter()
        var tasks: [Task<Void, any Error>] = []
        do {
            let thread = BackgroundThread(name: "komfy.test-background")
            for _ in 0..<10 {
                tasks.append(Task { try await thread.run { usleep(1000); done.value.add(1, ordering: .relaxed) } })
            }
        }
        for task in tasks { try await task.value }
        #expect(done.value.load(ordering: .relaxed) == 10)
    }
}
