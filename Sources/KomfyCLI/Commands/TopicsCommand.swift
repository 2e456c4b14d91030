import ArgumentParser
import Foundation
import KomfyKafka
import KomfyRuntime

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create and inspect Komfy's Kafka topics (specs in topics/*.yaml).",
        subcommands: [Apply.self, List.self]
    )

    struct SpecOptions: ParsableArguments {
        @Option(name: .long, help: "Directory of the topic specs (default: ./topics or the one the binary was built from).")
        var topicsDir: String?

        @Option(name: .long, help: "Override every spec's replication factor (3 for a production cluster).")
        var replicationFactor: Int?

        func load() throws -> [TopicSpec] {
            let directory = try topicsDir.map { URL(fileURLWithPath: $0) } ?? KomfyPaths.topicsDirectory()
            var specs = try TopicSpec.loadAll(from: directory)
            if let replicationFactor {
                for index in specs.indices { specs[index].replicationFactor = replicationFactor }
            }
            return specs
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the topics that do not exist yet. Safe to run again: existing topics are left as they are.")

        @OptionGroup var broker: BrokerOptions
        @OptionGroup var specs: SpecOptions

        func run() async throws {
            let results = try await TopicProvisioner(client: broker.client).apply(try specs.load())
            for result in results {
                let partitions = result.partitions.map { "\($0) partitions" } ?? "-"
                let line = "\(result.action.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(result.spec.name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(partitions)"
                print(result.warning.map { "\(line)  (\($0))" } ?? line)
            }
            let created = results.filter { $0.action == .created }.count
            let failed = results.filter { $0.action == .failed }.count
            print("\(created) created, \(results.count - created - failed) already existed, \(failed) failed")
            if failed > 0 { throw ExitCode.failure }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each topic: its spec and what the cluster has.")

        @OptionGroup var broker: BrokerOptions
        @OptionGroup var specs: SpecOptions

        func run() async throws {
            let specs = try specs.load()
            let described = try await TopicProvisioner(client: broker.client).describe(specs)
            let byName = Dictionary(uniqueKeysWithValues: described.map { ($0.name, $0) })
            for spec in specs {
                let actual = byName[spec.name]
                let state = actual?.partitions.map { "\($0) partitions" } ?? "missing (run `komfy topics apply`)"
                let policy = [spec.config["cleanup.policy"], spec.config["retention.ms"].map { "retention \(Self.duration(ms: $0))" }]
                    .compactMap { $0 }.joined(separator: ", ")
                print("\(spec.name)")
                print("  \(spec.description)")
                print("  key: \(spec.key)")
                print("  spec: \(spec.partitions) partitions, \(policy); cluster: \(state)")
                print("  events: \(spec.eventTypes.joined(separator: ", "))")
            }
        }

        static func duration(ms: String) -> String {
            guard let value = Int(ms) else { return ms }
            let days = value / 86_400_000
            return days > 0 ? "\(days) d" : "\(value / 3_600_000) h"
        }
    }
}
