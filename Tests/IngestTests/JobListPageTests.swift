import Foundation
import KomfyEvents
import KomfyJobs
import Testing

@testable import KomfyIngest

@Suite("JobListPage: stored and pending jobs in one list, newest first")
struct JobListPageTests {
    /// Job `n` was created at millisecond `n`.
    static func job(_ n: Int) -> StoredJob {
        var job = PendingJobsTests.job("job-\(n)")
        job.createdAt = Timestamp(millisecondsSinceEpoch: Int64(n))
        return job
    }

    /// Every page from the start, as a client pages through with `next`.
    static func pages(stored: [StoredJob], pending: [StoredJob], limit: Int) -> [[Int]] {
        let newestFirst = stored.sorted { JobCursor($0).comesBefore(JobCursor($1)) }
        var pages: [[Int]] = []
        var cursor: JobCursor?
        repeat {
            // What JobStore.jobs returns: up to limit + 1 stored jobs after the cursor.
            let after = newestFirst.filter { job in cursor.map { $0.comesBefore(JobCursor(job)) } ?? true }
            let page = JobListPage.merge(stored: Array(after.prefix(limit + 1)), pending: pending, after: cursor, limit: limit)
            pages.append(page.jobs.map { Int($0.createdAt.millisecondsSinceEpoch) })
            cursor = page.next
        } while cursor != nil && pages.count < 20
        return pages
    }

    @Test("an older job still pending (its partition not read yet) takes its place among newer stored ones, on whichever page")
    func pendingOlderThanStored() {
        // Jobs 1-5; 1 and 4 still pending, the others stored.
        let pages = Self.pages(stored: [2, 3, 5].map(Self.job), pending: [1, 4].map(Self.job), limit: 2)
        #expect(pages == [[5, 4], [3, 2], [1]])
    }

    @Test("a job both pending and stored (stored between the two reads) is listed once, as stored")
    func pendingAndStored() {
        var stored = Self.job(2)
        stored.status = .cancelled
        let page = JobListPage.merge(stored: [stored, Self.job(1)], pending: [Self.job(2), Self.job(3)], after: nil, limit: 10)
        #expect(page.jobs.map(\.createdAt.millisecondsSinceEpoch) == [3, 2, 1])
        #expect(page.jobs[1].status == .cancelled)
        #expect(page.next == nil)
    }

    @Test("every split of five jobs between pending and stored pages through all five, in order, with any page size")
    func everySplit() {
        for mask in 0..<32 {
            let pending = (1...5).filter { mask & (1 << ($0 - 1)) != 0 }
            let stored = (1...5).filter { mask & (1 << ($0 - 1)) == 0 }
            for limit in 1...6 {
                let pages = Self.pages(stored: stored.map(Self.job), pending: pending.map(Self.job), limit: limit)
                #expect(pages.joined().map { $0 } == [5, 4, 3, 2, 1], "pending \(pending), limit \(limit): \(pages)")
                #expect(pages.dropLast().allSatisfy { $0.count == limit }, "pending \(pending), limit \(limit): \(pages)")
            }
        }
    }

    @Test("jobs created in the same millisecond are ordered by id, as the store orders them")
    func sameMillisecond() {
        var a = PendingJobsTests.job("a")
        var b = PendingJobsTests.job("b")
        a.createdAt = Timestamp(millisecondsSinceEpoch: 7)
        b.createdAt = Timestamp(millisecondsSinceEpoch: 7)
        let page = JobListPage.merge(stored: [a], pending: [b], after: nil, limit: 1)
        let expected = [a, b].max { $0.jobID.lowercasedString < $1.jobID.lowercasedString }!
        #expect(page.jobs == [expected])
        #expect(page.next == JobCursor(expected))
    }
}
