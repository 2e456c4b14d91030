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

    @Test("with the limit applied, new threads that allocate share the existing arenas instead of adding their own")
    func newThreadsShareArenas() throws {
        let before = try #require(MallocArenas.count())
        // The test process has made arenas already; capping at that count must stop any new one.
        #expect(MallocArenas.limit(to: before, environment: [:]) == before)
        let done = DispatchGroup()
        for index in 0..<8 {
            done.enter()
            Thread.detachNewThread {
                let blocks = (1...200).map { malloc($0 * 64 + index)! }
                blocks.forEach { free($0) }
                done.leave()
            }
        }
        done.wait()
        #expect(try #require(MallocArenas.count()) <= before)
    }
}
