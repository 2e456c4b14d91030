import Foundation
import KomfyEvents
import KomfyKafka
import KomfyRuntime
import KomfyTestSupport
import Synchronization
import Testing

/// The shared stage loop on the real broker: outputs appended once per trigger, other types passed
/// over, retries, dead letters, per-job order, and a restart that resumes at the committed offsets.
@Suite struct StageRunnerTests {
    @Test func handlesEveryTriggerOnceAndPassesOverTheRest() async throws {
        let topics = try await StageTopics.make()
        let jobs = (0..<60).map { _ in UUID() }
        try await topics.produce(jobs.map { submitted($0) } + jobs.prefix(20).map { cancelRequested($0) })

        let handler = RecordingHandler()
        let runner = StageRunner(configuration: topics.configuration, handler: handler, logger: TestKafka.logger)
        let outputs = try await topics.run(runner) { try await topics.outputs(count: 60) }

        #expect(Set(outputs.map(\.jobID)) == Set(jobs))
        for output in outputs {
            // The id derives from the cause, so a repeat of the handler writes the same id.
            #expect(output.id == EventID.derived(from: EventID.derived(from: output.jobID, type: JobSubmitted.eventType),
                                                 type: JobValidated.eventType))
        }
        let statistics = runner.statistics
        #expect(statistics.handled == 60)
        #expect(statistics.passedOver == 20)
        #expect(statistics.deadLettered == 0)
    }

    @Test func triesAgainAndSendsWhatKeepsFailingToTheDeadLetters() async throws {
        let topics = try await StageTopics.make()
        let flaky = UUID(), broken = UUID(), fine = UUID()
        var garbage = try JobEventRecord.make(submitted(UUID()), topic: topics.input)
        garbage.value = Data("{not json".utf8)
        try await topics.produce([submitted(flaky), submitted(broken), submitted(fine)], extra: [garbage])

        let handler = RecordingHandler(failures: [flaky: 2, broken: .max])
        var configuration = topics.configuration
        configuration.maxAttempts = 3
        configuration.retryBackoff = .milliseconds(10)
        let runner = StageRunner(configuration: configuration, handler: handler, logger: TestKafka.logger)
        let (outputs, letters) = try await topics.run(runner) {
            (try await topics.outputs(count: 2), try await topics.deadLetters(count: 2))
        }

        #expect(Set(outputs.map(\.jobID)) == [flaky, fine])
        #expect(handler.attempts(of: flaky) == 3, "two failures, then success")
        #expect(handler.attempts(of: broken) == 3, "maxAttempts tries, then the dead letters")
        let reasons = letters.compactMap { $0.headerString(DeadLetter.reasonHeader) }
        #expect(reasons.contains { $0.contains("undecodable event") })
        #expect(reasons.contains { $0.contains("handler refused job \(broken)") })
        #expect(letters.allSatisfy { $0.headerString(DeadLetter.stageHeader) == "validator" })
        #expect(letters.allSatisfy { $0.headerString(DeadLetter.sourceHeader)?.hasPrefix(topics.input + "/") == true })
        #expect(letters.contains { $0.value == garbage.value }, "the poison record is kept byte for byte")
        #expect(runner.statistics.deadLettered == 2)
    }

    @Test func keepsTheOrderOfOneJobsEventsWhileJobsRunConcurrently() async throws {
        let topics = try await StageTopics.make()
        let jobs = (0..<8).map { _ in UUID() }
        // Three trigger events per job, in order; the handler sleeps a random while on each.
        var events: [JobEventEnvelope] = []
        for round in 0..<3 { events += jobs.map { submitted($0, index: round) } }
        try await topics.produce(events)

        let handler = RecordingHandler(randomDelay: true)
        let runner = StageRunner(configuration: topics.configuration, handler: handler, logger: TestKafka.logger)
        _ = try await topics.run(runner) { try await topics.outputs(count: 24) }

        for job in jobs {
            #expect(handler.order(of: job) == [0, 1, 2])
        }
        #expect(handler.peakConcurrency > 1, "different jobs run at the same time")
    }

    @Test func aRestartedStageResumesAtItsCommittedOffsets() async throws {
        let topics = try await StageTopics.make()
        let first = (0..<30).map { _ in UUID() }
        let second = (0..<30).map { _ in UUID() }
        try await topics.produce(first.map { submitted($0) })
        let one = StageRunner(configuration: topics.configuration, handler: RecordingHandler(), logger: TestKafka.logger)
        _ = try await topics.run(one) { try await topics.outputs(count: 30) }

        try await topics.produce(second.map { submitted($0) })
        let two = StageRunner(configuration: topics.configuration, handler: RecordingHandler(), logger: TestKafka.logger)
        let outputs = try await topics.run(two) { try await topics.outputs(count: 60) }

        #expect(Set(outputs.map(\.jobID)) == Set(first + second))
        #expect(two.statistics.handled == 30, "the second run starts where the first committed")
    }
}

// MARK: - Fixtures

private func submitted(_ job: UUID, index: Int = 0) -> JobEventEnvelope {
    let id = index == 0 ? EventID.derived(from: job, type: JobSubmitted.eventType)
        : EventID.derived(from: job, type: JobSubmitted.eventType, index: index)
    return JobEventEnvelope(
        id: id, jobID: job, occurredAt: .now(), producer: "test", correlationID: job,
        event: .submitted(JobSubmitted(tenant: "t", prompt: ["index": .int(Int64(index))], source: .http)))
}

private func cancelRequested(_ job: UUID) -> JobEventEnvelope {
    JobEventEnvelope(id: UUID(), jobID: job, occurredAt: .now(), producer: "test", correlationID: job,
                     event: .cancelRequested(JobCancelRequested(by: "test")))
}

struct HandlerRefusal: Error, CustomStringConvertible {
    var job: UUID
    var description: String { "handler refused job \(job)" }
}

/// Answers every JobSubmitted with a JobValidated, failing on request, recording what it saw.
private final class RecordingHandler: StageHandler {
    let triggers: Set<String> = [JobSubmitted.eventType]
    private let failures: [UUID: Int]
    private let randomDelay: Bool
    private let seen = Mutex<(attempts: [UUID: Int], order: [UUID: [Int]], running: Int, peak: Int)>(([:], [:], 0, 0))

    init(failures: [UUID: Int] = [:], randomDelay: Bool = false) {
        self.failures = failures
        self.randomDelay = randomDelay
    }

    func handle(_ event: JobEventEnvelope, record: KafkaRecord) async throws -> [JobEventEnvelope] {
        let attempt = seen.withLock { seen in
            seen.attempts[event.jobID, default: 0] += 1
            seen.running += 1
            seen.peak = max(seen.peak, seen.running)
            return seen.attempts[event.jobID]!
        }
        defer { seen.withLock { $0.running -= 1 } }
        if randomDelay { try await Task.sleep(for: .milliseconds(Int.random(in: 5...40))) }
        if attempt <= failures[event.jobID, default: 0] { throw HandlerRefusal(job: event.jobID) }
        if case .submitted(let submitted) = event.event, case .int(let index)? = submitted.prompt["index"] {
            seen.withLock { $0.order[event.jobID, default: []].append(Int(index)) }
        }
        return [.caused(by: event, producer: "test", JobValidated(modelRefs: [], outputNodes: [], classTypes: []))]
    }

    func attempts(of job: UUID) -> Int { seen.withLock { $0.attempts[job, default: 0] } }
    func order(of job: UUID) -> [Int] { seen.withLock { $0.order[job, default: []] } }
    var peakConcurrency: Int { seen.withLock { $0.peak } }
}

/// Fresh input, output and dead-letter topics, and the stage configuration over them.
private struct StageTopics {
    let input: String
    let output: String
    let deadLetters: String
    let configuration: StageConfiguration

    static func make() async throws -> StageTopics {
        let input = try await TestKafka.createTopic("stage-in", partitions: 4)
        let output = try await TestKafka.createTopic("stage-out", partitions: 4)
        let deadLetters = try await TestKafka.createTopic("stage-dead", partitions: 1)
        var configuration = StageConfiguration(stage: .validator, kafka: try await TestKafka.client("stage-test"))
        configuration.groupID = TestKafka.uniqueName("stage-group")
        configuration.inputTopic = input
        configuration.outputTopic = output
        configuration.deadLetterTopic = deadLetters
        configuration.maxInFlight = 16
        return StageTopics(input: input, output: output, deadLetters: deadLetters, configuration: configuration)
    }

    func produce(_ events: [JobEventEnvelope], extra: [KafkaOutgoingRecord] = []) async throws {
        let producer = try await TestKafka.producer()
        _ = try await producer.send(try events.map { try JobEventRecord.make($0, topic: input) } + extra)
        try await producer.close()
    }

    /// Runs the stage until `until` returns, then stops it the way a shutdown does.
    func run<Result: Sendable>(_ runner: StageRunner<some StageHandler>,
                               until: @Sendable () async throws -> Result) async throws -> Result {
        let task = Task { try await runner.run() }
        do {
            let result = try await until()
            task.cancel()
            try await task.value
            return result
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }

    func outputs(count: Int) async throws -> [JobEventEnvelope] {
        try await read(output, count: count).map { try JobEventCodec().decode($0.value) }
    }

    func deadLetters(count: Int) async throws -> [KafkaRecord] {
        try await read(deadLetters, count: count)
    }

    /// Reads the topic from the start until it has `count` records (fails after 60 s).
    private func read(_ topic: String, count: Int) async throws -> [KafkaRecord] {
        let consumer = try await KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: try await TestKafka.client(), mode: .broadcast(topics: [topic])),
            logger: TestKafka.logger)
        var records: [KafkaRecord] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while records.count < count, ContinuousClock.now < deadline {
            records += try await consumer.poll(timeout: .milliseconds(200))
        }
        try await consumer.close()
        try #require(records.count >= count, "\(topic) has \(records.count) records, expected \(count)")
        return records
    }
}
