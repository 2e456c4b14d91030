/// One page of a tenant's job list, newest first: the stored jobs after the cursor merged with the
/// jobs this instance accepted that the projector has not stored yet (`ActivityBoard`'s pending jobs).
///
/// A pending job is not always newer than every stored one: the projector reads the partitions of
/// `komfy.job-events` independently, so an older job on a partition it has not caught up with can
/// still be pending while newer ones are stored. The merge therefore sorts the union, on every page.
struct JobListPage: Equatable {
    var jobs: [StoredJob]
    /// Where the next page starts, when there is one.
    var next: JobCursor?

    /// `stored`: up to `limit + 1` stored jobs after `cursor`, newest first, as `JobStore.jobs`
    /// returns them. `pending`: the tenant's pending jobs (any order, filtered here); one that is also
    /// stored is shown as stored.
    static func merge(stored: [StoredJob], pending: [StoredJob], after cursor: JobCursor?, limit: Int) -> JobListPage {
        let storedIDs = Set(stored.map(\.jobID))
        var jobs = stored + pending.filter { job in
            !storedIDs.contains(job.jobID) && cursor.map { $0.comesBefore(JobCursor(job)) } ?? true
        }
        jobs.sort { JobCursor($0).comesBefore(JobCursor($1)) }
        let page = Array(jobs.prefix(limit))
        return JobListPage(jobs: page, next: jobs.count > limit ? page.last.map(JobCursor.init) : nil)
    }
}

extension JobCursor {
    /// The position of `job` in the list.
    init(_ job: StoredJob) {
        self.init(createdAt: job.createdAt.millisecondsSinceEpoch, jobID: job.jobID.lowercasedString)
    }

    /// Whether this position is listed before `other` (newer, or as new with a greater id), as
    /// `JobStore.jobs` orders them: `created_at DESC, job_id DESC`.
    func comesBefore(_ other: JobCursor) -> Bool {
        (createdAt, jobID) > (other.createdAt, other.jobID)
    }
}
