import KomfyEvents
import KomfyJobs

/// What limits and queue estimates need to know about every job of every tenant, kept up to date by
/// the projector from `komfy.job-events`, so every ingest instance sees the jobs of all instances
/// (the log), not only its own.
struct FleetActivity: Sendable {
    private var queuedByTenant: [String: Int] = [:]
    private var runningByTenant: [String: Int] = [:]
    /// Queued jobs of the whole fleet per priority: the position of a new job is everything queued at
    /// its priority or above.
    private var queuedByPriority: [Int: Int] = [:]
    /// Recent execution times, newest last, for `estimated_wait_seconds`.
    private var executionMs: [Int64] = []
    private static let executionSamples = 50

    /// A job moved from `old` (nil: new to the read model) to `new` status.
    mutating func transition(tenant: String, priority: Int, from old: JobStatus?, to new: JobStatus) {
        guard old != new else { return }
        if let old { count(old, tenant: tenant, priority: priority, by: -1) }
        count(new, tenant: tenant, priority: priority, by: 1)
    }

    private mutating func count(_ status: JobStatus, tenant: String, priority: Int, by delta: Int) {
        switch status {
        case .queued:
            queuedByTenant[tenant, default: 0] += delta
            queuedByPriority[priority, default: 0] += delta
            if queuedByTenant[tenant] == 0 { queuedByTenant[tenant] = nil }
            if queuedByPriority[priority] == 0 { queuedByPriority[priority] = nil }
        case .running:
            runningByTenant[tenant, default: 0] += delta
            if runningByTenant[tenant] == 0 { runningByTenant[tenant] = nil }
        case .completed, .failed, .cancelled:
            break
        }
    }

    mutating func recordExecution(milliseconds: Int64) {
        executionMs.append(milliseconds)
        if executionMs.count > Self.executionSamples { executionMs.removeFirst(executionMs.count - Self.executionSamples) }
    }

    func queued(tenant: String) -> Int { queuedByTenant[tenant, default: 0] }

    func running(tenant: String) -> Int { runningByTenant[tenant, default: 0] }

    /// Queued jobs, fleet-wide, that run before a new job of `priority`.
    func queuedAhead(ofPriority priority: Int) -> Int {
        queuedByPriority.reduce(0) { $0 + ($1.key >= priority ? $1.value : 0) }
    }

    /// Mean of the recent execution times, or nil before the first execution.
    var meanExecutionMs: Double? {
        executionMs.isEmpty ? nil : Double(executionMs.reduce(0, +)) / Double(executionMs.count)
    }
}
