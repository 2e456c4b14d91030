import Foundation
import KomfyEvents
import KomfyKafka
import Testing

@testable import KomfyIngest

@Suite("Job ids aligned to a partition, so concurrent submissions share a record batch")
struct PartitionAlignedJobIDsTests {
    static func partition(of id: UUID, _ count: Int) -> Int {
        KafkaKeyPartitioner.partition(ofKey: id.uuidString.lowercased(), partitionCount: count)
    }

    @Test("an aligned id lands on the target partition and stays a random version-4 UUID", arguments: [2, 7, 24, 256])
    func alignedID(partitions: Int) throws {
        var seen: Set<UUID> = []
        for target in 0..<partitions {
            let random = UUID()
            let id = try #require(PartitionAlignedJobIDs.id(near: random, onPartition: target, of: partitions))
            #expect(Self.partition(of: id, partitions) == target)
            // Only the last two bytes move: version and variant stay, and so do the first 14 bytes.
            #expect(id.uuidString.prefix(32) == random.uuidString.prefix(32))
            #expect(id.uuidString.lowercased().dropFirst(14).first == "4")
            seen.insert(id)
        }
        #expect(seen.count == partitions)
    }

    @Test("within a window every id takes one partition; each new window takes the next, in turn")
    func windows() {
        var ids = PartitionAlignedJobIDs(window: .milliseconds(20))
        let start = ContinuousClock.now
        #expect(ids.currentPartition(at: start) == nil, "no partition before the count is known")
        ids.use(partitionCount: 24, startingAt: 22)
        #expect(ids.currentPartition(at: start) == 22)
        #expect(ids.currentPartition(at: start + .milliseconds(19)) == 22)
        #expect(ids.currentPartition(at: start + .milliseconds(20)) == 23)
        #expect(ids.currentPartition(at: start + .milliseconds(39)) == 23)
        #expect(ids.currentPartition(at: start + .milliseconds(45)) == 0)
        // Over 24 windows every partition is used once.
        var used: [Int] = []
        for window in 1...24 { used.append(ids.currentPartition(at: start + .milliseconds(45 + 20 * window))!) }
        #expect(Set(used).count == 24)
    }

    @Test("one partition, or a count too large to search, gives plain random ids")
    func unaligned() {
        var ids = PartitionAlignedJobIDs()
        ids.use(partitionCount: 1)
        #expect(ids.currentPartition(at: .now) == nil)
        ids.use(partitionCount: PartitionAlignedJobIDs.largestAlignedPartitionCount + 1)
        #expect(ids.currentPartition(at: .now) == nil)
        #expect(ids.partitionCount == 0)
    }

    @Test("the minter's ids in one window share a partition and are all different")
    func minter() {
        let minter = JobIDMinter(window: .seconds(600))
        let before = (0..<50).map { _ in minter.next() }
        #expect(Set(before.map { Self.partition(of: $0, 24) }).count > 1, "random before the count is known")
        minter.use(partitionCount: 24)
        let ids = (0..<200).map { _ in minter.next() }
        #expect(Set(ids).count == 200)
        #expect(Set(ids.map { Self.partition(of: $0, 24) }).count == 1)
        // Aligned or not, ids are version 7, their millisecond first, so they sort by when they were made.
        for id in before + ids {
            #expect(Array(id.lowercasedString)[14] == "7", "\(id)")
        }
        let times = (before + ids).map { $0.lowercasedString.prefix(13) }
        #expect(times == times.sorted())
        let now = Timestamp.now().millisecondsSinceEpoch
        let first = Int64(String(times[0].filter { $0 != "-" }), radix: 16) ?? 0
        #expect((now - 60_000...now).contains(first), "the id's time \(first) is not around now (\(now))")
    }
}

@Suite("komfy bench read-model's measurement")
struct ReadModelWriteBenchTests {
    @Test("both kinds of ids go through the projector into a store, and the cost comes out per job")
    func measures() async throws {
        let prompt = try JSONValue.parse(Data(SeedRequests.workflow.utf8))
        for ids in ReadModelWriteBench.JobIDs.allCases {
            let measurement = try await ReadModelWriteBench.measure(ids: ids, prompt: prompt, preload: 20, jobs: 40, batch: 10,
                                                                     directory: FileManager.default.temporaryDirectory)
            #expect(measurement.cpuMicrosecondsPerJob > 0, "\(ids)")
            #expect(measurement.jobsPerSecond > 0, "\(ids)")
            // 60 jobs with the seed's events: far more than an empty store's pages.
            #expect(measurement.bytes > 60 * 1_000, "\(ids): \(measurement.bytes) bytes")
        }
    }
}
