import Foundation

/// The jobs this instance accepted and the broker acknowledged, until the projector reads them back
/// into the store: what makes a read right after a 202 find the job (read-your-writes), and what the
/// limits and queue estimates add to the store's counts meanwhile.
///
/// Counts per tenant and per priority are kept beside the jobs, so the limit check and the queue
/// position of every submission cost the same however many submissions are in flight.
struct PendingJobs: Sendable {
    private var jobs: [UUID: StoredJob] = [:]
    private var byTenant: [String: Int] = [:]
    private var byPriority: [Int: Int] = [:]
    /// This instance's submissions the projector read back before their submitter marked them
    /// pending: the broker's acknowledgement and the projector's fetch race. Kept so the late
    /// `insert` is dropped instead of leaving the job pending (and counted) for ever. Bounded: an
    /// entry whose `insert` never comes (the submitter failed after the append) ages out.
    private var readBackEarly: Set<UUID> = []
    private var readBackEarlyOrder: [UUID] = []
    static let readBackEarlyLimit = 4096

    var count: Int { jobs.count }

    subscript(jobID: UUID) -> StoredJob? { jobs[jobID] }

    /// Adds the job unless it is pending already (the first one stays) or already read back.
    mutating func insert(_ job: StoredJob) {
        guard jobs[job.jobID] == nil else { return }
        guard readBackEarly.remove(job.jobID) == nil else { return }
        jobs[job.jobID] = job
        byTenant[job.tenant, default: 0] += 1
        byPriority[job.priority, default: 0] += 1
    }

    /// The projector has the job now. `submittedHere`: this is the job's first event and this
    /// instance wrote it, so its submitter may still be about to `insert` it.
    mutating func readBack(_ jobID: UUID, submittedHere: Bool) {
        guard let job = jobs.removeValue(forKey: jobID) else {
            if submittedHere { rememberReadBackEarly(jobID) }
            return
        }
        Self.decrement(&byTenant, job.tenant)
        Self.decrement(&byPriority, job.priority)
    }

    func count(tenant: String) -> Int { byTenant[tenant, default: 0] }

    /// Pending jobs that run before a new job of `priority` (the same priority or higher).
    func count(atOrAbove priority: Int) -> Int {
        byPriority.reduce(0) { $0 + ($1.key >= priority ? $1.value : 0) }
    }

    func jobs(tenant: String) -> [StoredJob] {
        guard count(tenant: tenant) > 0 else { return [] }
        return jobs.values.filter { $0.tenant == tenant }
    }

    private mutating func rememberReadBackEarly(_ jobID: UUID) {
        guard readBackEarly.insert(jobID).inserted else { return }
        readBackEarlyOrder.append(jobID)
        if readBackEarlyOrder.count > Self.readBackEarlyLimit {
            let aged = readBackEarlyOrder.prefix(Self.readBackEarlyLimit / 2)
            for id in aged { readBackEarly.remove(id) }
            readBackEarlyOrder.removeFirst(aged.count)
        }
    }

    private static func decrement<Key: Hashable>(_ counts: inout [Key: Int], _ key: Key) {
        let remaining = counts[key, default: 0] - 1
        counts[key] = remaining > 0 ? remaining : nil
    }
}
