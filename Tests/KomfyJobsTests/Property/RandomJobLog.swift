import KomfyTestRandom
import KomfyEvents
import KomfyJobs

/// A random but valid log of one job, as the stages would write it, with what the reducer must make of it.
///
/// Valid means every stage follows the protocol: the validator, fetcher and uploader act once; several
/// executors may race for a claim (the losers stop); a lost executor keeps appending events of its
/// expired attempt, which land anywhere later in the log; the lease watcher appends the last expiry's
/// `JobFailed(executor_lost)`; the notifier retries and then delivers or gives up.
struct RandomJobLog {
    /// What the log should fold to.
    struct Expectation {
        var phase: JobPhase = .validating
        var cancelledInPhase: JobPhase?
        var expiredExecutors: [String] = []
        /// The executor holding the current attempt's claim, kept once the job ends.
        var claimHolder: String?
        var webhook: WebhookDelivery = .notRequested
    }

    private(set) var events: [JobEventEnvelope] = []
    private(set) var expected = Expectation()
    private var random: SplitMix64
    private var log = JobLog(job: "random")
    /// Events of losers and lost executors, each with the number of events that must come before it.
    private var late: [(earliest: Int, event: JobEventEnvelope)] = []

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        let webhookURL = random.chance(0.7) ? Fixture.webhookURL : nil
        append(Fixture.submitted(webhookURL: webhookURL))
        expected.webhook = webhookURL == nil ? .notRequested : .pending
        runJob()
        if webhookURL != nil { notify() }
        if random.chance(0.3) { append(JobCancelRequested(by: "key-late")) }
        placeLateEvents()
    }

    /// The log with copies of earlier events inserted at later positions, as redelivery would make it.
    mutating func withDuplicates() -> [JobEventEnvelope] {
        var result = events
        for _ in 0..<random.int(in: 0...events.count) {
            let source = random.int(in: 0...(result.count - 1))
            let target = random.int(in: (source + 1)...result.count)
            result.insert(result[source], at: target)
        }
        return result
    }

    // MARK: - The stages

    private mutating func runJob() {
        if random.chance(0.05) { return cancelAtOnce() }
        if random.chance(0.1) {
            append(JobRejected(error: Fixture.invalidWorkflow))
            return end(in: .failed)
        }
        append(Fixture.validated)
        expected.phase = .fetchingModels
        if random.chance(0.05) { return cancelAtOnce() }
        if random.chance(0.08) {
            append(JobFailed(stage: .modelFetcher, error: JobError(code: .modelDownloadError, message: "404")))
            return end(in: .failed)
        }
        append(Fixture.modelsReady)
        expected.phase = .ready
        for attempt in 1...JobState.maxAttempts {
            if random.chance(0.04) { return cancelAtOnce() }
            if runAttempt(attempt) { return }
        }
        // Every attempt expired: the watcher that appended the last expiry fails the job. A claim of a
        // fourth attempt racing it changes nothing.
        if random.chance(0.5) { append(Fixture.claimed("exec-z", attempt: JobState.maxAttempts + 1)) }
        append(JobFailed(stage: .executor, error: Fixture.executorLost))
        end(in: .failed)
    }

    /// Runs one attempt; true when it ended the job, false when its lease expired.
    private mutating func runAttempt(_ attempt: Int) -> Bool {
        let executors = ["exec-a", "exec-b", "exec-c", "exec-d"].shuffled(using: &random)
        let winner = executors[0]
        append(Fixture.claimed(winner, attempt: attempt))
        expected.phase = .claimed
        expected.claimHolder = winner
        for loser in executors.dropFirst().prefix(random.int(in: 0...2)) {
            appendLate(Fixture.claimed(loser, attempt: attempt))
        }
        if random.chance(0.05) {
            cancelAtOnce()
            if random.chance(0.5) { append(Fixture.started(winner, attempt: attempt)) }
            return true
        }
        if random.chance(0.1) {
            expire(attempt, of: winner, started: false)
            return false
        }
        append(Fixture.started(winner, attempt: attempt))
        expected.phase = .running
        appendNodeEvents(attempt, count: random.int(in: 0...6))

        switch random.int(in: 0...99) {
        case 0..<25:
            expire(attempt, of: winner, started: true)
            return false
        case 25..<35:
            append(JobCancelRequested(by: "key-1"))
            appendNodeEvents(attempt, count: random.int(in: 0...2))
            if random.chance(0.3) { append(JobCancelRequested(by: "key-2")) }
            append(JobCancelled(stage: .executor))
            end(in: .cancelled)
        case 35..<45:
            append(JobFailed(stage: .executor, attempt: attempt, error: Fixture.oom))
            end(in: .failed)
        default:
            append(Fixture.executed(attempt: attempt, executionTimeMs: Int64(random.int(in: 100...90_000))))
            expected.phase = .uploading
            upload(attempt)
        }
        return true
    }

    /// The uploader publishes the outputs, fails, or honours a cancel request that came in time.
    private mutating func upload(_ attempt: Int) {
        if random.chance(0.15) {
            append(JobCancelRequested(by: "key-1"))
            if random.chance(0.5) {
                append(JobCancelled(stage: .outputUploader))
                return end(in: .cancelled)
            }
        }
        if random.chance(0.1) {
            let error = JobError(code: .internalError, message: "object store unavailable")
            append(JobFailed(stage: .outputUploader, attempt: random.chance(0.5) ? attempt : nil, error: error))
            return end(in: .failed)
        }
        append(Fixture.completed)
        end(in: .completed)
    }

    /// The lease watcher expires the attempt; its executor, not knowing, keeps appending for a while.
    private mutating func expire(_ attempt: Int, of executor: String, started: Bool) {
        append(JobLeaseExpired(attempt: attempt, executorID: executor))
        expected.phase = .ready
        expected.claimHolder = nil
        expected.expiredExecutors.append(executor)
        if !started, random.chance(0.5) { appendLate(Fixture.started(executor, attempt: attempt)) }
        for _ in 0..<random.int(in: 0...3) {
            appendLate(NodeProgress(attempt: attempt, nodeID: "3", value: random.int(in: 0...20), max: 20))
        }
        if random.chance(0.3) { appendLate(NodeExecuted(attempt: attempt, nodeID: "3")) }
        if random.chance(0.3) { appendLate(Fixture.executed(attempt: attempt)) }
        if random.chance(0.3) { appendLate(JobFailed(stage: .executor, attempt: attempt, error: Fixture.oom)) }
    }

    private mutating func appendNodeEvents(_ attempt: Int, count: Int) {
        for step in 0..<count {
            switch random.int(in: 0...3) {
            case 0: append(NodeExecuting(attempt: attempt, nodeID: "\(step)", classType: "KSampler"))
            case 1: append(NodeProgress(attempt: attempt, nodeID: "\(step)", value: step, max: count))
            case 2: append(NodesCached(attempt: attempt, nodeIDs: ["\(step)", "\(step + 10)"]))
            default: append(NodeExecuted(attempt: attempt, nodeID: "\(step)"))
            }
        }
    }

    private mutating func cancelAtOnce() {
        append(JobCancelRequested(by: "key-1"))
        end(in: .cancelled)
    }

    private mutating func end(in phase: JobPhase) {
        if phase == .cancelled { expected.cancelledInPhase = expected.phase }
        expected.phase = phase
    }

    /// The notifier: some failed attempts, then a delivery or giving up (or nothing yet).
    private mutating func notify() {
        let failures = random.int(in: 0...3)
        for attempt in 0..<failures {
            let retryAt = JobLog.epoch.adding(milliseconds: Int64(attempt + 1) * 60_000)
            append(Fixture.webhookFailed(attempt: attempt + 1, statusCode: 502, retryAt: retryAt))
            expected.webhook = .retrying(attempt: attempt + 1, nextAttemptAt: retryAt, lastStatusCode: 502,
                                         lastError: nil)
        }
        switch random.int(in: 0...2) {
        case 0:
            let delivered = append(Fixture.webhookDelivered(attempt: failures + 1, statusCode: 200))
            expected.webhook = .delivered(attempt: failures + 1, statusCode: 200, at: delivered.occurredAt)
        case 1:
            let gaveUp = append(Fixture.webhookFailed(attempt: failures + 1, statusCode: nil, error: "timeout",
                                                      retryAt: nil))
            expected.webhook = .gaveUp(attempt: failures + 1, lastStatusCode: nil, lastError: "timeout",
                                       at: gaveUp.occurredAt)
        default:
            break
        }
    }

    // MARK: - Building the log

    @discardableResult
    private mutating func append(_ payload: some JobEventPayload) -> JobEventEnvelope {
        let envelope = log.make(payload)
        events.append(envelope)
        return envelope
    }

    /// An event written now that reaches the log later, at a random position after the current end.
    private mutating func appendLate(_ payload: some JobEventPayload) {
        late.append((earliest: events.count, event: log.make(payload)))
    }

    /// Places each late event before a random one of the events that may precede it, or at the end.
    private mutating func placeLateEvents() {
        var before = Array(repeating: [JobEventEnvelope](), count: events.count + 1)
        for (earliest, event) in late {
            before[random.int(in: earliest...events.count)].append(event)
        }
        events = events.indices.flatMap { before[$0] + [events[$0]] } + before[events.count]
    }
}
