import KomfyEvents
@testable import KomfyJobs
import Testing

/// Every event type, applied to every named point in a job's life: accepted (and where to) or ignored
/// (and why). `exec-a` holds attempt 1 wherever an attempt is claimed (see `Start`).
enum TransitionMatrix {
    /// What applying a probe should do.
    enum Expected: Sendable, Hashable, CustomStringConvertible {
        /// Applied; the job is then in this phase.
        case to(JobPhase)
        case ignored(JobState.IgnoreReason)

        var description: String {
            switch self {
            case .to(let phase): "→ \(phase)"
            case .ignored(let reason): "ignored (\(reason))"
            }
        }
    }

    /// One event and what it does in each start, in the order of `Start.allCases`.
    struct Probe: Sendable {
        var name: String
        var event: JobEvent
        var expected: [Expected]

        init(_ name: String, _ payload: some JobEventPayload, _ expected: [Expected]) {
            self.name = name
            event = JobEvent(payload)
            self.expected = expected
        }
    }

    struct Cell: Sendable, CustomTestStringConvertible {
        var probe: String
        var event: JobEvent
        var start: Start
        var expected: Expected

        var testDescription: String { "\(probe) in \(start): \(expected)" }
    }

    // The legend of the table below.
    static let terminal = Expected.ignored(.alreadyTerminal)
    static let phase = Expected.ignored(.wrongPhase)
    static let stale = Expected.ignored(.staleAttempt)
    static let lost = Expected.ignored(.claimLost)
    static let mismatch = Expected.ignored(.executorMismatch)
    static let exhausted = Expected.ignored(.attemptsExhausted)
    static let resubmit = Expected.ignored(.alreadySubmitted)
    static let ready = Expected.to(.ready)
    static let claimed = Expected.to(.claimed)
    static let running = Expected.to(.running)
    static let uploading = Expected.to(.uploading)
    static let failed = Expected.to(.failed)
    static let cancelled = Expected.to(.cancelled)
    /// Applied without leaving the start's phase.
    static let stays = Start.allCases.map { Expected.to($0.phase) }
    static let nodeEventOfAttempt1: [Expected] = [
        phase, phase, phase, phase, .to(.running), phase, terminal, terminal, terminal, stale, stale,
    ]
    static let eventOfAttempt2: [Expected] = [
        stale, stale, stale, stale, stale, stale, terminal, terminal, terminal, phase, stale,
    ]

    static let probes: [Probe] = [
        // Columns: validating, fetchingModels, ready, claimed, running, uploading,
        //          completed, failed, cancelled, readyAfterExpiry, exhausted.
        Probe("JobSubmitted again", Fixture.submitted(), [
            resubmit, resubmit, resubmit, resubmit, resubmit, resubmit,
            terminal, terminal, terminal, resubmit, resubmit,
        ]),
        Probe("JobCancelRequested", JobCancelRequested(by: "key-1"), [
            cancelled, cancelled, cancelled, cancelled, .to(.running), .to(.uploading),
            terminal, terminal, terminal, cancelled, cancelled,
        ]),
        Probe("JobValidated", Fixture.validated, [
            .to(.fetchingModels), phase, phase, phase, phase, phase, terminal, terminal, terminal, phase, phase,
        ]),
        Probe("JobRejected", JobRejected(error: Fixture.invalidWorkflow), [
            failed, phase, phase, phase, phase, phase, terminal, terminal, terminal, phase, phase,
        ]),
        Probe("JobModelsReady", Fixture.modelsReady, [
            phase, ready, phase, phase, phase, phase, terminal, terminal, terminal, phase, phase,
        ]),
        Probe("JobClaimed exec-b #1", Fixture.claimed("exec-b", attempt: 1), [
            phase, phase, claimed, lost, lost, lost, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobClaimed exec-b #2", Fixture.claimed("exec-b", attempt: 2), [
            stale, stale, stale, stale, stale, stale, terminal, terminal, terminal, claimed, stale,
        ]),
        Probe("JobClaimed exec-b #4", Fixture.claimed("exec-b", attempt: 4), [
            stale, stale, stale, stale, stale, stale, terminal, terminal, terminal, stale, exhausted,
        ]),
        Probe("JobStarted exec-a #1", Fixture.started("exec-a", attempt: 1), [
            phase, phase, phase, running, phase, phase, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobStarted exec-b #1", Fixture.started("exec-b", attempt: 1), [
            phase, phase, phase, mismatch, phase, phase, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobStarted exec-a #2", Fixture.started("exec-a", attempt: 2), eventOfAttempt2),
        Probe("NodeExecuting #1", NodeExecuting(attempt: 1, nodeID: "8", classType: "VAEDecode"), nodeEventOfAttempt1),
        Probe("NodeProgress #1", NodeProgress(attempt: 1, nodeID: "3", value: 7, max: 20), nodeEventOfAttempt1),
        Probe("NodesCached #1", NodesCached(attempt: 1, nodeIDs: ["4", "6"]), nodeEventOfAttempt1),
        Probe("NodeExecuted #1", NodeExecuted(attempt: 1, nodeID: "3", classType: "KSampler"), nodeEventOfAttempt1),
        Probe("NodeExecuting #2", NodeExecuting(attempt: 2, nodeID: "3"), eventOfAttempt2),
        Probe("NodeProgress #2", NodeProgress(attempt: 2, nodeID: "3", value: 1, max: 20), eventOfAttempt2),
        Probe("NodesCached #2", NodesCached(attempt: 2, nodeIDs: ["4"]), eventOfAttempt2),
        Probe("NodeExecuted #2", NodeExecuted(attempt: 2, nodeID: "3"), eventOfAttempt2),
        Probe("JobLeaseExpired #1", JobLeaseExpired(attempt: 1, executorID: "exec-a"), [
            phase, phase, phase, ready, ready, phase, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobLeaseExpired #2", JobLeaseExpired(attempt: 2, executorID: "exec-a"), eventOfAttempt2),
        Probe("JobExecuted #1", Fixture.executed(attempt: 1), [
            phase, phase, phase, phase, uploading, phase, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobExecuted #2", Fixture.executed(attempt: 2), eventOfAttempt2),
        Probe("JobCompleted", Fixture.completed, [
            phase, phase, phase, phase, phase, .to(.completed), terminal, terminal, terminal, phase, phase,
        ]),
        Probe("JobFailed without attempt", JobFailed(stage: .executor, error: Fixture.executorLost), [
            failed, failed, failed, failed, failed, failed, terminal, terminal, terminal, failed, failed,
        ]),
        Probe("JobFailed #1", JobFailed(stage: .executor, attempt: 1, error: Fixture.oom), [
            stale, stale, stale, failed, failed, failed, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobFailed #2", JobFailed(stage: .executor, attempt: 2, error: Fixture.oom), [
            stale, stale, stale, stale, stale, stale, terminal, terminal, terminal, stale, stale,
        ]),
        Probe("JobCancelled", JobCancelled(stage: .executor), [
            cancelled, cancelled, cancelled, cancelled, cancelled, cancelled, terminal, terminal, terminal,
            cancelled, cancelled,
        ]),
        Probe("WebhookDelivered #1", Fixture.webhookDelivered(attempt: 1), stays),
        Probe("WebhookFailed #1", Fixture.webhookFailed(attempt: 1, retryAt: JobLog.epoch.adding(milliseconds: 3_600_000)),
              stays),
    ]

    static let cells: [Cell] = probes.flatMap { probe in
        zip(Start.allCases, probe.expected).map { start, expected in
            Cell(probe: probe.name, event: probe.event, start: start, expected: expected)
        }
    }
}

@Suite("Transition matrix")
struct TransitionMatrixTests {
    @Test("Every row has one expectation per start, and every event type has a row")
    func tableIsComplete() {
        for probe in TransitionMatrix.probes {
            #expect(probe.expected.count == Start.allCases.count, "\(probe.name)")
        }
        let covered = Set(TransitionMatrix.probes.map(\.event.type))
        let all = Set(JobEvent.payloadTypes.map { $0.eventType })
        #expect(covered == all)
    }

    @Test("Every start reaches its phase with every event applied", arguments: Start.allCases)
    func startReachesItsPhase(_ start: Start) throws {
        let log = start.log()
        let state = try log.state()
        #expect(state.phase == start.phase)
        #expect(state.appliedEventCount == log.events.count)
    }

    @Test("Event in phase", arguments: TransitionMatrix.cells)
    func cell(_ cell: TransitionMatrix.Cell) throws {
        var log = cell.start.log()
        let before = try log.state()
        let probe = log.make(cell.event)
        var state = before

        let outcome = state.apply(probe)

        switch cell.expected {
        case .to(let phase):
            #expect(outcome == .applied)
            #expect(state.phase == phase)
            #expect(state.status == phase.status)
            #expect(state.appliedEventCount == before.appliedEventCount + 1)
            #expect(state.lastEventAt == probe.occurredAt)
            #expect(state.seenEventIDs == before.seenEventIDs.union([probe.id]))
        case .ignored(let reason):
            #expect(outcome == .ignored(reason))
            // Nothing but the seen ids may change: an ignored event is still read once.
            var unchanged = before
            unchanged.seenEventIDs.insert(probe.id)
            #expect(state == unchanged)
        }

        // The same event delivered again changes nothing at all, whatever it did the first time.
        let afterFirst = state
        #expect(state.apply(probe) == .duplicate)
        #expect(state == afterFirst)
    }
}
