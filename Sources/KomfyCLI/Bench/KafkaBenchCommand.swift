import ArgumentParser
import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import Logging

/// `komfy bench kafka`: KomfyKafka against librdkafka's own rdkafka_performance, same broker, same
/// settings, same payload bytes, in one run.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume N ~1 KiB job events through KomfyKafka and through raw librdkafka; print both and the ratio.")

    @Option(name: .long, help: "Kafka bootstrap servers; without it an embedded Tansu broker is started for the run.")
    var bootstrap: String?

    @Option(name: .long, help: "Events per measurement.")
    var messages: Int = 200_000

    @Option(name: .long, help: "Partitions of the benchmark topics.")
    var partitions: Int = 24

    @Option(name: .long, help: "Measurements of each side; the median is reported.")
    var rounds: Int = 3

    @Flag(name: .long, help: "Only KomfyKafka's produce, for profiling (no baseline, no ratio).")
    var onlyKomfyProduce = false

    @Flag(name: .long, help: "Only KomfyKafka's consume+decode of one produced topic, for profiling (no baseline, no ratio).")
    var onlyKomfyConsume = false

    @Flag(name: .long, help: "Only JobEventCodec decoding the events, ten times over, for profiling (no Kafka).")
    var onlyDecode = false

    /// Given to both sides: KomfyKafka's clients and rdkafka_performance (`-X`).
    @OptionGroup var kafka: KafkaPropertyOptions

    func run() async throws {
        Console.lineBuffered()
        var logger = Logger(label: "komfy.bench")
        logger.logLevel = .warning
        let paths = KomfyPaths()
        let tool = try paths.require(paths.rdkafkaPerformance, what: "librdkafka's rdkafka_performance")
        var broker: TansuBroker?
        let servers: String
        if let bootstrap {
            servers = bootstrap
        } else {
            broker = try await TansuBroker.start(logger: logger)
            servers = broker!.bootstrap
        }
        defer { broker?.stop() }

        let codec = JobEventCodec()
        let jobCount = max(messages / 20, 1)
        print("Encoding \(messages) job events ...")
        let events = (0..<messages).map { BenchEvents.event(index: $0, jobCount: jobCount) }
        let payloads = try events.map { try codec.encode($0) }
        // Keyed by job id like every job event: jobCount jobs spread over all partitions.
        let keys = events.map { $0.jobID.lowercasedString }
        let averageSize = payloads.reduce(0) { $0 + $1.count } / payloads.count
        print("Average event size: \(averageSize) bytes (JobExecuted with 3 outputs), \(partitions) partitions, broker \(servers)")

        let decodeStart = ContinuousClock.now
        for payload in payloads { _ = try codec.decode(payload) }
        let decodeRate = Double(payloads.count) / (ContinuousClock.now - decodeStart).seconds
        print("JobEventCodec alone, no Kafka: \(Self.format(decodeRate)) events decoded/s on one core")

        if onlyDecode {
            for _ in 1...10 {
                let start = ContinuousClock.now
                for payload in payloads { _ = try codec.decode(payload) }
                print("  JobEventCodec.decode: \(Self.format(Double(payloads.count) / (ContinuousClock.now - start).seconds)) events/s")
            }
            // The same bytes again and again, in cache as a record just handed over by librdkafka is.
            let recent = Array(payloads.prefix(1000))
            for _ in 1...10 {
                let start = ContinuousClock.now
                for index in 0..<payloads.count { _ = try codec.decode(recent[index % recent.count]) }
                print("  JobEventCodec.decode, records in cache: \(Self.format(Double(payloads.count) / (ContinuousClock.now - start).seconds)) events/s")
            }
            return
        }

        var client = KafkaClientConfiguration(bootstrapServers: [servers], clientID: "komfy-bench")
        client.extraProperties = kafka.properties
        let baseline = RdkafkaPerformance(tool: tool, bootstrap: servers, properties: kafka.properties)
        // rdkafka_performance sends one payload over and over; KomfyKafka sends the same bytes, so
        // both compress the same data and the ratio measures the client, not zstd.
        let samePayloads = Array(repeating: payloads[0], count: messages)
        if onlyKomfyProduce {
            for _ in 1...rounds {
                let topic = try await createTopic(client, logger: logger)
                let result = try await KomfyKafkaBench.produce(client: client, topic: topic, keys: keys, payloads: samePayloads, logger: logger)
                print("  KomfyKafka produce:          \(Self.describe(result))")
            }
            return
        }
        if onlyKomfyConsume {
            let topic = try await createTopic(client, logger: logger)
            _ = try await KomfyKafkaBench.produce(client: client, topic: topic, keys: keys, payloads: samePayloads, logger: logger)
            for _ in 1...rounds {
                let result = try await KomfyKafkaBench.consume(client: client, topic: topic, count: messages, decode: true, logger: logger)
                print("  KomfyKafka consume+decode, one decoding task:   \(Self.describe(result))")
                let parallel = try await KomfyKafkaBench.consume(client: client, topic: topic, count: messages, decode: true,
                                                                 decodeInParallel: true, logger: logger)
                print("  KomfyKafka consume+decode, two decoding tasks:  \(Self.describe(parallel))")
            }
            return
        }
        var results: [String: [BenchMeasurement]] = [:]
        func record(_ name: String, _ label: String, _ result: BenchMeasurement) {
            results[name, default: []].append(result)
            print("  \(label.padding(toLength: max(28, label.count + 1), withPad: " ", startingAt: 0))\(Self.describe(result))")
        }
        for round in 1...rounds {
            print("Round \(round)/\(rounds)")
            let rawTopic = try await createTopic(client, logger: logger)
            record("raw produce", "librdkafka produce:", try baseline.produce(
                topic: rawTopic, count: messages, size: averageSize, pattern: String(decoding: payloads[0], as: UTF8.self),
                key: keys[0]))
            let topic = try await createTopic(client, logger: logger)
            record("komfy produce", "KomfyKafka produce:", try await KomfyKafkaBench.produce(
                client: client, topic: topic, keys: keys, payloads: samePayloads, logger: logger))
            // Both consumers read the same records, KomfyKafka's: keyed job events in the batches
            // its producer made, which KomfyKafka can decode (rdkafka_performance's pattern payload,
            // cut to the average size, is not always a whole event).
            record("raw consume", "librdkafka consume:", try baseline.consume(topic: topic, count: messages))
            record("komfy consume", "KomfyKafka consume+decode:", try await KomfyKafkaBench.consume(
                client: client, topic: topic, count: messages, decode: true, logger: logger))
            // Tansu keeps topics in memory; dropping them keeps every round on an equally small broker.
            try await KafkaAdmin(client: client, logger: logger).deleteTopics([rawTopic, topic])
        }
        print("Where the time goes (one run each):")
        let distinctTopic = try await createTopic(client, logger: logger)
        record("distinct produce", "KomfyKafka produce, every event distinct (real compression work):",
               try await KomfyKafkaBench.produce(client: client, topic: distinctTopic, keys: keys, payloads: payloads, logger: logger))
        record("parallel decode", "KomfyKafka consume+decode, each batch decoded by two tasks:",
               try await KomfyKafkaBench.consume(client: client, topic: distinctTopic, count: messages, decode: true,
                                                 decodeInParallel: true, logger: logger))
        record("consume only", "KomfyKafka consume without decoding:",
               try await KomfyKafkaBench.consume(client: client, topic: distinctTopic, count: messages, decode: false, logger: logger))
        record("raw consume distinct", "librdkafka consume of the same topic:", try baseline.consume(topic: distinctTopic, count: messages))

        func median(_ name: String, _ value: (BenchMeasurement) -> Double) -> Double {
            let values = results[name, default: []].map(value).sorted()
            return values.isEmpty ? 0 : values[values.count / 2]
        }
        func line(_ title: String, _ raw: String, _ komfy: String) -> String {
            let rawRate = median(raw, \.rate), komfyRate = median(komfy, \.rate)
            let rawCPU = median(raw, \.cpuMicrosecondsPerRecord), komfyCPU = median(komfy, \.cpuMicrosecondsPerRecord)
            return "  \(title.padding(toLength: 16, withPad: " ", startingAt: 0)) librdkafka \(Self.format(rawRate)) msgs/s   "
                + "KomfyKafka \(Self.format(komfyRate)) msgs/s   ratio \(String(format: "%.2f", komfyRate / rawRate))   "
                + "CPU per record \(String(format: "%.2f", rawCPU)) µs vs \(String(format: "%.2f", komfyCPU)) µs"
        }
        print("""

            Median of \(rounds) rounds, \(messages) events of ~\(averageSize) bytes keyed by job id, zstd, idempotent, acks=all:
            \(line("produce", "raw produce", "komfy produce"))
            \(line("consume+decode", "raw consume", "komfy consume"))
            Goal: ratio >= 0.80 for both. (CPU per record: the whole process, all threads, user + system.)
            """)
    }

    private func createTopic(_ client: KafkaClientConfiguration, logger: Logger) async throws -> String {
        let name = "komfy-bench-\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try KafkaAdmin(client: client, logger: logger)
        _ = try await admin.createTopics([TopicSpec(name: name, description: "benchmark", key: "job id",
                                                    partitions: partitions, config: ["compression.type": "zstd"])])
        return name
    }

    static func describe(_ result: BenchMeasurement) -> String {
        "\(format(result.rate)) msgs/s, \(String(format: "%.2f", result.cpuMicrosecondsPerRecord)) µs CPU per record, "
            + "\(String(format: "%.1f", result.pageFaultsPerThousandRecords)) page faults per 1000"
    }

    static func format(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        var text = String(rounded)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return text
    }
}
