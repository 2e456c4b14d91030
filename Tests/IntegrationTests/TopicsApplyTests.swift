import Foundation
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import Testing

/// `topics apply` against a real broker, through the library and through the `komfy` binary.
@Suite("Topic provisioning on a real broker")
struct TopicsApplyTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The project's topic specs, renamed so this test owns them on the shared broker.
    func uniqueSpecs() throws -> [TopicSpec] {
        let prefix = TestKafka.uniqueName("apply")
        return try TopicSpec.loadAll(from: Self.repositoryRoot.appendingPathComponent("topics")).map {
            var spec = $0
            spec.name = "\(prefix).\(spec.name)"
            return spec
        }
    }

    @Test("apply creates every topic with its spec's partitions, and a second apply changes nothing")
    func idempotent() async throws {
        let specs = try uniqueSpecs()
        #expect(specs.count == 8)
        let provisioner = TopicProvisioner(client: try await TestKafka.client(), logger: TestKafka.logger)

        let first = try await provisioner.apply(specs)
        #expect(first.map(\.action) == Array(repeating: .created, count: 8))
        #expect(first.allSatisfy { $0.partitions == $0.spec.partitions && $0.warning == nil })

        let second = try await provisioner.apply(specs)
        #expect(second.map(\.action) == Array(repeating: .exists, count: 8))
        #expect(second.allSatisfy { $0.partitions == $0.spec.partitions && $0.warning == nil })

        let described = try await provisioner.describe(specs)
        #expect(described.map(\.partitions) == specs.map(\.partitions))
    }

    @Test("an existing topic whose partition count differs from its spec is reported, not changed")
    func partitionMismatch() async throws {
        var spec = try #require(try uniqueSpecs().first { $0.name.hasSuffix("komfy.job-events") })
        let provisioner = TopicProvisioner(client: try await TestKafka.client(), logger: TestKafka.logger)
        _ = try await provisioner.apply([spec])
        spec.partitions = 48
        let result = try #require(try await provisioner.apply([spec]).first)
        #expect(result.action == .exists)
        #expect(result.partitions == 24)
        #expect(result.warning == "has 24 partitions, the spec says 48")
    }

    @Test("`komfy topics apply` prints what it did, and is safe to run twice")
    func command() async throws {
        let binary = Self.repositoryRoot.appendingPathComponent(".build/debug/komfy")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path),
                     "build the komfy binary first (make test does)")
        // A private broker: the command creates the real komfy.* names.
        let broker = try await TansuBroker.start(logger: TestKafka.logger)
        defer { broker.stop() }
        let arguments = ["topics", "apply", "--bootstrap", broker.bootstrap,
                         "--topics-dir", Self.repositoryRoot.appendingPathComponent("topics").path]
        let first = try await run(binary, arguments)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("created  komfy.job-events         24 partitions"))
        #expect(first.output.contains("8 created, 0 already existed, 0 failed"))
        let second = try await run(binary, arguments)
        #expect(second.output.contains("exists   komfy.job-events         24 partitions"))
        #expect(second.output.contains("0 created, 8 already existed, 0 failed"))

        let list = try await run(binary, ["topics", "list", "--bootstrap", broker.bootstrap,
                                    "--topics-dir", Self.repositoryRoot.appendingPathComponent("topics").path])
        #expect(list.output.contains("spec: 24 partitions, delete, retention 30 d; cluster: 24 partitions"))
        #expect(list.output.contains("events: JobSubmitted, JobCancelRequested"))
    }

    private func run(_ binary: URL, _ arguments: [String]) async throws -> CommandRunner.Result {
        try await CommandRunner.run(binary, arguments)
    }
}
