import Foundation
import Testing
@testable import KomfyKafka

@Suite("Topic specs")
struct TopicSpecTests {
    static let topicsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("topics")

    @Test("the project's specs describe every topic of DESIGN.md section 2")
    func projectSpecs() throws {
        let specs = try TopicSpec.loadAll(from: Self.topicsDirectory)
        #expect(specs.map(\.name) == [
            "komfy.api-keys", "komfy.dead-letters", "komfy.executor-status", "komfy.job-commands", "komfy.job-events",
            "komfy.model-events", "komfy.node-catalog", "komfy.webhook-retries",
        ])
        let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        #expect(byName["komfy.job-events"]?.partitions == 24)
        for compacted in ["komfy.node-catalog", "komfy.executor-status", "komfy.api-keys"] {
            #expect(byName[compacted]?.config["cleanup.policy"] == "compact", "\(compacted)")
        }
        for spec in specs {
            #expect(spec.config["compression.type"] == "zstd", "\(spec.name)")
            #expect(!spec.eventTypes.isEmpty && !spec.key.isEmpty && !spec.description.isEmpty, "\(spec.name)")
        }
    }

    @Test("a spec with a missing or invalid field names the file and the problem")
    func invalidSpec() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("specs-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try "name: x\ndescription: d\nkey: k\nreplication_factor: 1\nconfig: {}\nevent_types: []\n".write(to: file, atomically: true, encoding: .utf8)
        let missing = #expect(throws: KafkaError.self) { _ = try TopicSpec.loadAll(from: directory) }
        #expect(missing?.message.contains("broken.yaml") == true)
        #expect(missing?.message.contains("partitions") == true)

        try "name: x\ndescription: d\nkey: k\npartitions: 0\nreplication_factor: 1\nconfig: {}\nevent_types: []\n".write(to: file, atomically: true, encoding: .utf8)
        let zero = #expect(throws: KafkaError.self) { _ = try TopicSpec.load(from: file) }
        #expect(zero?.message.contains("positive") == true)
    }

    @Test("an empty directory is an error, not an empty list")
    func emptyDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: KafkaError.self) { _ = try TopicSpec.loadAll(from: directory) }
    }
}
