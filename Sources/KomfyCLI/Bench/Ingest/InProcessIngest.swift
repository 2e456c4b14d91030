import Foundation
import KomfyAccess
import KomfyIngest
import KomfyKafka
import KomfyRuntime
import Logging
import ServiceLifecycle

/// The Komfy side of `komfy bench ingest`: the ingest service running in this process on a free
/// port, over its own topics (a per-run prefix, so a shared cluster's real topics get no bench
/// jobs), with a key whose limits are far above anything the bench can send.
final class InProcessIngest {
    let port: Int
    let secret: String
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let broker: TansuBroker?
    private let client: KafkaClientConfiguration
    private let topicNames: [String]
    private let logger: Logger

    private init(port: Int, secret: String, group: ServiceGroup, running: Task<Void, any Error>, broker: TansuBroker?,
                 client: KafkaClientConfiguration, topicNames: [String], logger: Logger) {
        self.port = port
        self.secret = secret
        self.group = group
        self.running = running
        self.broker = broker
        self.client = client
        self.topicNames = topicNames
        self.logger = logger
    }

    /// Starts Tansu unless `bootstrap` is given, creates the run's topics and key, starts ingest and
    /// returns once `/readyz` says it can serve. With `ladder`, ingest also serves the cost ladder's
    /// routes (`CostLadderController`), producing to a topic of their own shaped like `komfy.job-events`.
    static func start(bootstrap: String?, scratch: URL, ladder: Bool = false, logger: Logger,
                      configure: (inout IngestConfiguration) -> Void) async throws -> InProcessIngest {
        let broker = bootstrap == nil ? try await TansuBroker.start(logDirectory: scratch, logger: logger) : nil
        let servers = bootstrap ?? broker!.bootstrap
        let client = KafkaClientConfiguration(bootstrapServers: servers.split(separator: ",").map(String.init),
                                              clientID: "komfy-bench")
        let prefix = "komfy-bench-\(UUID().uuidString.prefix(8).lowercased())."
        var specs = try TopicSpec.loadAll(from: KomfyPaths.topicsDirectory()).map { spec in
            var spec = spec
            spec.name = prefix + spec.name
            return spec
        }
        let topics = IngestTopics(prefix: prefix)
        let ladderTopic = prefix + "komfy.bench-ladder"
        if ladder, var jobEvents = specs.first(where: { $0.name == topics.jobEvents }) {
            jobEvents.name = ladderTopic
            specs.append(jobEvents)
        }
        let results = try await TopicProvisioner(client: client, logger: logger).apply(specs)
        if let failed = results.first(where: { $0.action == .failed }) {
            throw BenchError("cannot create topic \(failed.spec.name): \(failed.warning ?? "")")
        }
        let unlimited = LimitOverride(requestsPerMinute: 1_000_000_000, concurrentJobs: 1_000_000, queueDepth: 1_000_000_000)
        let (secret, _) = try await ApiKeyAdmin(kafka: client, topic: topics.apiKeys, producerName: "komfy-bench", logger: logger)
            .create(name: "bench", tenant: "bench", plan: .enterprise, mode: .test, limits: unlimited)

        var configuration = IngestConfiguration(kafka: client, dataDirectory: scratch.appendingPathComponent("ingest"))
        configuration.port = 0
        configuration.topics = topics
        configuration.instanceName = "ingest/bench"
        if ladder { configuration.costLadderTopic = ladderTopic }
        configure(&configuration)
        let service = try IngestService(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [service.makeApplication()], logger: logger))
        let running = Task { try await group.run() }
        let port = await service.port()
        let ingest = InProcessIngest(port: port, secret: secret.text, group: group, running: running, broker: broker,
                                     client: client, topicNames: specs.map(\.name), logger: logger)
        let connection = LoopbackHTTPConnection(port: port)
        let deadline = ContinuousClock.now + .seconds(60)
        while (try? connection.get("/readyz").status) != 200 {
            guard ContinuousClock.now < deadline else {
                await ingest.stop()
                throw BenchError("ingest did not become ready in 60 s: \((try? connection.get("/readyz").text) ?? "no answer")")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return ingest
    }

    /// CPU seconds the embedded broker has used so far; nil with an external one (`--bootstrap`).
    var brokerCPUSeconds: Double? { broker?.cpuSeconds }

    /// CPU time this process (Komfy) and the embedded broker used while `body` ran.
    struct CPUSpent {
        var komfyMicroseconds: Double
        var brokerMicroseconds: Double?

        /// `result` with both, per request over `requests`.
        func charged(to requests: Int, of result: LoadResult) -> LoadResult {
            var result = result
            let count = Double(max(requests, 1))
            result.cpuMicrosecondsPerRequest = komfyMicroseconds / count
            result.brokerCPUMicrosecondsPerRequest = brokerMicroseconds.map { $0 / count }
            return result
        }
    }

    func measuringCPU<T>(_ body: () async throws -> T) async rethrows -> (T, CPUSpent) {
        let komfyBefore = CPUTime.process()
        let brokerBefore = brokerCPUSeconds
        let value = try await body()
        let broker = brokerCPUSeconds.flatMap { after in brokerBefore.map { (after - $0) * 1e6 } }
        return (value, CPUSpent(komfyMicroseconds: CPUTime.process() - komfyBefore, brokerMicroseconds: broker))
    }

    /// Answers counted by ingest's own `/metrics` (`komfy_http_requests_total`), per status, for one route.
    func answers(method: String, route: String) throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for line in try metrics() where line.hasPrefix("komfy_http_requests_total{")
            && line.contains("method=\"\(method)\"") && line.contains("route=\"\(route)\"") {
            guard let statusRange = line.range(of: "status=\"") else { continue }
            let status = Int(line[statusRange.upperBound...].prefix(3)) ?? 0
            counts[status, default: 0] += Self.value(of: line)
        }
        return counts
    }

    /// Answers of a route that ingest itself timed within `bound` seconds (a bucket of its
    /// `komfy_http_request_duration_seconds` histogram, e.g. "0.02"), and all its timed answers.
    func timedAnswers(method: String, route: String, within bound: String) throws -> (within: Int, all: Int) {
        try histogramCounts("komfy_http_request_duration_seconds", within: bound) {
            $0.contains("method=\"\(method)\"") && $0.contains("route=\"\(route)\"")
        }
    }

    /// Submissions the broker acknowledged within `bound` seconds of their hand-over to the producer
    /// (`komfy_ingest_submission_ack_seconds`), and all acknowledged ones.
    func acknowledgements(within bound: String) throws -> (within: Int, all: Int) {
        try histogramCounts("komfy_ingest_submission_ack_seconds", within: bound) { _ in true }
    }

    private func histogramCounts(_ name: String, within bound: String,
                                 where matches: (Substring) -> Bool) throws -> (within: Int, all: Int) {
        var within = 0
        var all = 0
        for line in try metrics() where line.hasPrefix(name + "_bucket{") && matches(line) {
            if line.contains("le=\"\(bound)\"") { within += Self.value(of: line) }
            if line.contains("le=\"+Inf\"") { all += Self.value(of: line) }
        }
        return (within, all)
    }

    /// Waits until the read model has read back every job submitted so far, so its catching up does
    /// not share the cores with the next measurement.
    func waitForReadModel(timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let lines = try metrics()
            let submitted = Self.counter("komfy_ingest_jobs_submitted_total", in: lines)
            let read = Self.counter("komfy_read_model_records_read_total", in: lines)
            if read >= submitted { return }
            guard ContinuousClock.now < deadline else {
                throw BenchError("the read model read \(read) of \(submitted) submitted jobs in \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        if broker == nil, let admin = try? KafkaAdmin(client: client, logger: logger) {
            try? await admin.deleteTopics(topicNames)
        }
        broker?.stop()
    }

    private func metrics() throws -> [Substring] {
        let answer = try LoopbackHTTPConnection(port: port).get("/metrics")
        guard answer.status == 200 else { throw BenchError("/metrics answered \(answer.status)") }
        return answer.text.split(separator: "\n")
    }

    /// The sum of a counter's series (0 before its first increment).
    private static func counter(_ name: String, in lines: [Substring]) -> Int {
        lines.filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .map(value(of:))
            .reduce(0, +)
    }

    /// The sample value at the end of a Prometheus text line.
    private static func value(of line: Substring) -> Int {
        Int(line.split(separator: " ").last.flatMap { Double($0) } ?? 0)
    }
}
