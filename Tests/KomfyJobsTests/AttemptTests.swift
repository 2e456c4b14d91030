import KomfyEvents
@testable import KomfyJobs
import Testing

@Suite("Claims, leases and attempts")
struct AttemptTests {
    @Test("The first claim of an attempt wins; the losers cannot start")
    func firstClaimWins() throws {
        var log = Start.ready.log()
        let winner = log.append(Fixture.claimed("exec-b", attempt: 1))
        var state = try log.state()
        let before = state

        let late = [
            log.make(Fixture.claimed("exec-a", attempt: 1)),
            log.make(Fixture.claimed("exec-c", attempt: 1)),
            log.make(Fixture.started("exec-a", attempt: 1)),
        ]
        #expect(apply(late, to: &state) == [.ignored(.claimLost), .ignored(.claimLost), .ignored(.executorMismatch)])
        #expect(state.claim == before.claim)
        #expect(state.claim?.executorID == "exec-b")
        #expect(state.claim?.claimedAt == winner.occurredAt)
        #expect(state.leaseExpiresAt == winner.occurredAt.adding(milliseconds: Fixture.leaseMs))

        #expect(state.apply(log.make(Fixture.started("exec-b", attempt: 1))) == .applied)
        #expect(state.phase == .running)
        // A loser's claim after the winner started is still lost, not a new claim.
        #expect(state.apply(log.make(Fixture.claimed("exec-d", attempt: 1))) == .ignored(.claimLost))
        #expect(state.claim?.executorID == "exec-b")
    }

    @Test("A lease expiry reopens the job as the next attempt and forgets the old run")
    func leaseExpiryOpensNextAttempt() throws {
        var log = Start.running.log()
        log.append(NodeProgress(attempt: 1, nodeID: "3", value: 12, max: 20))
        log.append(NodeExecuted(attempt: 1, nodeID: "3"))
        let expired = log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        var state = try log.state()

        #expect(state.phase == .ready)
        #expect(state.status == .queued)
        #expect(state.nextAttempt == 2)
        #expect(state.claim == nil)
        #expect(state.lastActivityAt == nil)
        #expect(state.leaseExpiresAt == nil)
        #expect(state.startedAt == nil)
        #expect(state.progress == JobProgress())
        #expect(state.expiredAttempts == [ExpiredAttempt(attempt: 1, executorID: "exec-a", expiredAt: expired.occurredAt)])
        #expect(!state.attemptsExhausted)

        let claim2 = log.make(Fixture.claimed("exec-b", attempt: 2))
        let start2 = log.make(Fixture.started("exec-b", attempt: 2))
        #expect(apply([claim2, start2], to: &state) == [.applied, .applied])
        #expect(state.claim == JobClaim(executorID: "exec-b", attempt: 2, leaseMs: Fixture.leaseMs,
                                        claimedAt: claim2.occurredAt))
        #expect(state.startedAt == start2.occurredAt)
        #expect(state.progress == JobProgress())
    }

    @Test("After maxAttempts expiries nothing can be claimed until the watcher fails the job")
    func attemptsRunOut() throws {
        #expect(JobState.maxAttempts == 3)
        var log = Start.ready.log()
        var state = try log.state()
        for attempt in 1...3 {
            #expect(!state.attemptsExhausted)
            let events = [
                log.make(Fixture.claimed("exec-\(attempt)", attempt: attempt)),
                log.make(Fixture.started("exec-\(attempt)", attempt: attempt)),
                log.make(JobLeaseExpired(attempt: attempt, executorID: "exec-\(attempt)")),
            ]
            #expect(apply(events, to: &state) == [.applied, .applied, .applied], "attempt \(attempt)")
            #expect(state.nextAttempt == attempt + 1)
        }
        #expect(state.attemptsExhausted)
        #expect(state.phase == .ready)
        #expect(state.expiredAttempts.map(\.attempt) == [1, 2, 3])
        #expect(state.expiredAttempts.map(\.executorID) == ["exec-1", "exec-2", "exec-3"])

        #expect(state.apply(log.make(Fixture.claimed("exec-4", attempt: 4))) == .ignored(.attemptsExhausted))
        #expect(state.apply(log.make(Fixture.claimed("exec-4", attempt: 3))) == .ignored(.staleAttempt))
        #expect(state.claim == nil)

        let lost = log.make(JobFailed(stage: .executor, error: Fixture.executorLost))
        #expect(state.apply(lost) == .applied)
        #expect(state.status == .failed)
        #expect(state.error?.code == .executorLost)
        #expect(state.completedAt == lost.occurredAt)
    }

    /// The executor of attempt 1 lost its lease but keeps appending: none of it may touch attempt 2.
    @Test("Late events of a superseded attempt are ignored")
    func lateEventsOfOldAttempt() throws {
        var log = Start.running.log()
        log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        let claim2 = log.append(Fixture.claimed("exec-b", attempt: 2))
        var state = try log.state()

        let zombie: [JobEvent] = [
            JobEvent(Fixture.started("exec-a", attempt: 1)),
            JobEvent(NodeExecuting(attempt: 1, nodeID: "8", classType: "VAEDecode")),
            JobEvent(NodeProgress(attempt: 1, nodeID: "3", value: 19, max: 20)),
            JobEvent(NodesCached(attempt: 1, nodeIDs: ["4"])),
            JobEvent(NodeExecuted(attempt: 1, nodeID: "3")),
            JobEvent(Fixture.executed(attempt: 1)),
            JobEvent(JobLeaseExpired(attempt: 1, executorID: "exec-a")),
            JobEvent(JobFailed(stage: .executor, attempt: 1, error: Fixture.oom)),
        ]

        // While attempt 2 is only claimed.
        let beforeStart = state
        let lateWhileClaimed = zombie.map { log.make($0) }
        #expect(apply(lateWhileClaimed, to: &state) == Array(repeating: .ignored(.staleAttempt), count: zombie.count))
        var expected = beforeStart
        expected.seenEventIDs.formUnion(lateWhileClaimed.map(\.id))
        #expect(state == expected)

        // While attempt 2 runs.
        let start2 = log.make(Fixture.started("exec-b", attempt: 2))
        let progress2 = log.make(NodeProgress(attempt: 2, nodeID: "3", value: 2, max: 20))
        #expect(apply([start2, progress2], to: &state) == [.applied, .applied])
        let lateWhileRunning = zombie.map { log.make($0) }
        #expect(apply(lateWhileRunning, to: &state) == Array(repeating: .ignored(.staleAttempt), count: zombie.count))
        #expect(state.phase == .running)
        #expect(state.claim?.executorID == "exec-b")
        #expect(state.claim?.claimedAt == claim2.occurredAt)
        #expect(state.progress == JobProgress(steps: JobProgress.Steps(nodeID: "3", value: 2, max: 20)))
        #expect(state.lastActivityAt == progress2.occurredAt)
        #expect(state.error == nil)
        #expect(state.stagedOutputs.isEmpty)

        // Attempt 2 finishes with its own results.
        let finish = [
            log.make(Fixture.executed(attempt: 2, executionTimeMs: 5_000)),
            log.make(Fixture.completed),
        ]
        #expect(apply(finish, to: &state) == [.applied, .applied])
        #expect(state.status == .completed)
        #expect(state.executionTimeMs == 5_000)
        #expect(state.expiredAttempts.map(\.attempt) == [1])
    }

    @Test("Node events keep renewing the lease")
    func leaseRenewal() throws {
        var log = Start.running.log()
        var state = try log.state()
        for value in 1...5 {
            let node = log.make(NodeProgress(attempt: 1, nodeID: "3", value: value, max: 5))
            state.apply(node)
            #expect(state.leaseExpiresAt == node.occurredAt.adding(milliseconds: Fixture.leaseMs))
        }
    }

    @Test("A lease expiry needs the claim of its attempt, not a particular phase of the old one")
    func leaseExpiryWhileOnlyClaimed() throws {
        var log = Start.claimed.log()
        log.append(JobLeaseExpired(attempt: 1, executorID: "exec-a"))
        let state = try log.state()
        #expect(state.phase == .ready)
        #expect(state.nextAttempt == 2)
    }
}
