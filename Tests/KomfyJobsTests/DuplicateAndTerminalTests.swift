import KomfyEvents
@testable import KomfyJobs
import Testing

@Suite("Duplicates and terminal states")
struct DuplicateAndTerminalTests {
    /// Every event of a full log, delivered twice right away and again at the end, changes nothing the
    /// second and third time.
    @Test("A repeated event id changes nothing, wherever it comes")
    func duplicatesAnywhere() throws {
        var log = Start.running.log()
        log.append(NodeProgress(attempt: 1, nodeID: "3", value: 4, max: 20))
        log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        log.append(Fixture.claimed("exec-b", attempt: 2))
        log.append(Fixture.claimed("exec-c", attempt: 2))
        log.append(Fixture.started("exec-b", attempt: 2))
        log.append(Fixture.executed(attempt: 2))
        log.append(Fixture.completed)
        log.append(Fixture.webhookFailed(attempt: 1, retryAt: JobLog.epoch.adding(milliseconds: 60_000)))
        log.append(Fixture.webhookDelivered(attempt: 2))
        let expected = try log.state()

        var state = try #require(JobState(submission: log.events[0]))
        #expect(state.apply(log.events[0]) == .duplicate)
        for event in log.events.dropFirst() {
            let first = state.apply(event)
            #expect(first != .duplicate)
            let afterFirst = state
            #expect(state.apply(event) == .duplicate, "\(event.event.type)")
            #expect(state == afterFirst)
        }
        #expect(state == expected)
        for event in log.events {
            #expect(state.apply(event) == .duplicate)
        }
        #expect(state == expected)
    }

    /// An ignored event's id is seen too: if a repeat were judged again, a request ignored while
    /// running would cancel the job once it is requeued.
    @Test("A repeat of an ignored event stays ignored when the state has moved on")
    func repeatOfIgnoredEvent() throws {
        var log = Start.running.log()
        log.append(JobCancelRequested(by: "key-1"))
        let second = log.append(JobCancelRequested(by: "key-2"))
        log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        var state = try log.state()
        #expect(state.phase == .ready)
        #expect(state.apply(second) == .duplicate)
        #expect(state.phase == .ready)
    }

    /// Every non-webhook event, after each terminal phase.
    @Test("Nothing but webhook results changes a terminal job", arguments: [Start.completed, .failed, .cancelled])
    func terminalIsFinal(_ start: Start) throws {
        var log = start.log()
        let terminal = try log.state()
        var state = terminal
        let late: [JobEvent] = [
            JobEvent(Fixture.submitted()),
            JobEvent(JobCancelRequested(by: "key-1")),
            JobEvent(Fixture.validated),
            JobEvent(JobRejected(error: Fixture.invalidWorkflow)),
            JobEvent(Fixture.modelsReady),
            JobEvent(Fixture.claimed("exec-b", attempt: 1)),
            JobEvent(Fixture.claimed("exec-b", attempt: 2)),
            JobEvent(Fixture.started("exec-a", attempt: 1)),
            JobEvent(NodeExecuting(attempt: 1, nodeID: "3")),
            JobEvent(NodeProgress(attempt: 1, nodeID: "3", value: 1, max: 2)),
            JobEvent(NodesCached(attempt: 1, nodeIDs: ["4"])),
            JobEvent(NodeExecuted(attempt: 1, nodeID: "3")),
            JobEvent(JobLeaseExpired(attempt: 1, executorID: "exec-a")),
            JobEvent(Fixture.executed(attempt: 1)),
            JobEvent(Fixture.completed),
            JobEvent(JobFailed(stage: .executor, attempt: 1, error: Fixture.oom)),
            JobEvent(JobFailed(stage: .executor, error: Fixture.executorLost)),
            JobEvent(JobCancelled(stage: .executor)),
        ]
        let envelopes = late.map { log.make($0) }
        #expect(apply(envelopes, to: &state) == Array(repeating: .ignored(.alreadyTerminal), count: late.count))
        var expected = terminal
        expected.seenEventIDs.formUnion(envelopes.map(\.id))
        #expect(state == expected)

        let delivered = log.make(Fixture.webhookDelivered(attempt: 1, statusCode: 200))
        #expect(state.apply(delivered) == .applied)
        #expect(state.webhook == .delivered(attempt: 1, statusCode: 200, at: delivered.occurredAt))
        #expect(state.phase == terminal.phase)
        #expect(state.completedAt == terminal.completedAt)
        #expect(state.lastEventAt == delivered.occurredAt)
        #expect(state.appliedEventCount == terminal.appliedEventCount + 1)
    }
}
