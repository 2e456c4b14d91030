import Foundation
import KomfyAccess
import KomfyEvents
import KomfyJobs
import Synchronization

/// The live, in-memory side of the read model shared by the projector (writer) and the HTTP
/// handlers (readers): fleet activity for limits and queue estimates, the request windows of the
/// rate limit, and the jobs this instance accepted that the projector has not read back yet
/// (read-your-writes).
final class ActivityBoard: Sendable {
    private struct State {
        var fleet = FleetActivity()
        /// Submissions other ingest instances appended, per tenant, from the log.
        var sharedRequests = SlidingWindowCounter<String>()
        /// Every request this instance let through, per tenant (reads and cancels are in no log).
        var localRequests = SlidingWindowCounter<String>()
        /// Accepted here and acknowledged by the broker, not yet in the store.
        var pending = PendingJobs()
        var lastSweep = Timestamp(millisecondsSinceEpoch: 0)
    }

    private let state = Mutex(State())
    /// This instance's `producer` name: its own submissions are in `localRequests` already.
    private let producerName: String
    private let clock: @Sendable () -> Timestamp

    init(producerName: String, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.producerName = producerName
        self.clock = clock
    }

    var now: Timestamp { clock() }

    /// Seeds the board from the store at start, before the projector resumes. A restarted instance
    /// has lost its local window, so its own recent submissions count as shared ones.
    func seed(from snapshot: JobStore.ActivitySnapshot) {
        let now = clock()
        state.withLock { state in
            for entry in snapshot.counts {
                for _ in 0..<entry.count {
                    state.fleet.transition(tenant: entry.tenant, priority: entry.priority, from: nil, to: entry.status)
                }
            }
            for submission in snapshot.recentSubmissions where submission.at.milliseconds(until: now) < 60_000 {
                state.sharedRequests.record(submission.tenant, at: submission.at)
            }
            for milliseconds in snapshot.recentExecutionMs.reversed() { state.fleet.recordExecution(milliseconds: milliseconds) }
        }
    }

    /// The projector's changes of one batch.
    func apply(_ changes: [JobChange]) {
        let now = clock()
        state.withLock { state in
            for change in changes {
                let job = change.after
                state.fleet.transition(tenant: job.tenant, priority: job.priority, from: change.before?.status, to: job.status)
                if change.before == nil, change.event.producer != producerName, job.createdAt.milliseconds(until: now) < 60_000 {
                    state.sharedRequests.record(job.tenant, at: job.createdAt)
                }
                if change.before?.executionTimeMs == nil, let milliseconds = job.executionTimeMs {
                    state.fleet.recordExecution(milliseconds: milliseconds)
                }
                state.pending.readBack(job.jobID, submittedHere: change.before == nil && change.event.producer == producerName)
            }
            if state.lastSweep.milliseconds(until: now) > 60_000 {
                state.sharedRequests.removeIdleKeys(at: now)
                state.localRequests.removeIdleKeys(at: now)
                state.lastSweep = now
            }
        }
    }

    /// Decides a request under the tenant's limits and, when it may go on, counts it, in one step so
    /// two concurrent requests cannot both take the last slot.
    func admit(tenant: String, kind: RequestKind, limits: PlanLimits) -> LimitDecision {
        let now = clock()
        return state.withLock { state in
            let pending = state.pending.count(tenant: tenant)
            let usage = TenantUsage(
                running: state.fleet.running(tenant: tenant), queued: state.fleet.queued(tenant: tenant) + pending,
                recentRequests: state.sharedRequests.window(for: tenant, at: now)
                    .merging(state.localRequests.window(for: tenant, at: now)))
            let decision = LimitDecision.decide(kind, limits: limits, usage: usage, at: now)
            if decision.isAllowed { state.localRequests.record(tenant, at: now) }
            return decision
        }
    }

    /// A job this instance just appended; visible to reads until the projector catches up.
    func accepted(_ job: StoredJob) {
        state.withLock { $0.pending.insert(job) }
    }

    func pendingJob(_ jobID: UUID) -> StoredJob? {
        state.withLock { $0.pending[jobID] }
    }

    func pendingJobs(tenant: String) -> [StoredJob] {
        state.withLock { $0.pending.jobs(tenant: tenant) }
    }

    /// Position and estimated wait of a new job of `priority`, with `executors` live executors.
    func estimate(priority: Int, executors: Int, defaultExecutionSeconds: Double) -> (position: Int, waitSeconds: Int) {
        state.withLock { state in
            let pendingAhead = state.pending.count(atOrAbove: priority)
            let ahead = state.fleet.queuedAhead(ofPriority: priority) + pendingAhead
            return (ahead + 1, Self.wait(positions: ahead + 1, fleet: state.fleet, executors: executors,
                                         defaultExecutionSeconds: defaultExecutionSeconds))
        }
    }

    /// Seconds until a job at `position` has run: the jobs up to it, shared by the executors.
    func waitSeconds(position: Int, executors: Int, defaultExecutionSeconds: Double) -> Int {
        state.withLock { state in
            Self.wait(positions: position, fleet: state.fleet, executors: executors, defaultExecutionSeconds: defaultExecutionSeconds)
        }
    }

    private static func wait(positions: Int, fleet: FleetActivity, executors: Int, defaultExecutionSeconds: Double) -> Int {
        let perJob = fleet.meanExecutionMs.map { $0 / 1000 } ?? defaultExecutionSeconds
        return Int((Double(positions) * perJob / Double(max(executors, 1))).rounded(.up))
    }
}
