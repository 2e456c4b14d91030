import Foundation
import KomfyEvents

/// One job as its events tell it: the pure reducer of DESIGN.md section 4.
///
/// The API's read model, the replay tool, the notifier and the stages all fold a job's events with it,
/// so they agree on what a log means. It does no I/O and `apply` never throws or traps: an event that
/// does not fit the state is reported as ignored and changes nothing, because the log is the truth and
/// deciding what to append happens before an event is written.
///
/// A state exists from the job's `JobSubmitted` on; build it with `fold(_:)`, `apply(_:to:)` or
/// `init?(submission:)`, then `apply(_:)` the job's later events in log order.
public struct JobState: Sendable, Hashable {
    /// Attempts an executor may claim. The lease watcher that expires the last one also appends
    /// `JobFailed(executor_lost)`; until then `attemptsExhausted` keeps executors from claiming.
    public static let maxAttempts = 3

    public let jobID: UUID
    /// The request as submitted: tenant, prompt, webhook url, client id, priority, metadata.
    public let submission: JobSubmitted
    /// When `JobSubmitted` occurred.
    public let createdAt: Timestamp
    public internal(set) var phase: JobPhase

    // From the validator and the model-fetcher.
    public internal(set) var modelRefs: [ModelReference] = []
    public internal(set) var outputNodes: [String] = []
    public internal(set) var classTypes: [String] = []
    public internal(set) var readyModels: [ReadyModel] = []

    // Attempts.
    /// The attempt number the next accepted `JobClaimed` must carry; while an attempt is claimed or
    /// running, the number of that attempt. Starts at 1 and grows by one with each lease expiry.
    public internal(set) var nextAttempt = 1
    /// The executor holding the current attempt. Kept through `uploading` and into the terminal phase,
    /// so a late `JobFailed` of that attempt is still recognised and the detailed view shows who ran it.
    public internal(set) var claim: JobClaim?
    /// The last sign of life of the current attempt: its claim, start or node events. Each renews the lease.
    public internal(set) var lastActivityAt: Timestamp?
    public internal(set) var expiredAttempts: [ExpiredAttempt] = []
    /// When the current attempt's accepted `JobStarted` occurred.
    public internal(set) var startedAt: Timestamp?
    public internal(set) var progress = JobProgress()

    // Results.
    /// The executor's outputs from `JobExecuted`, waiting for (or already published by) the uploader.
    public internal(set) var stagedOutputs: [StagedOutput] = []
    public internal(set) var executionTimeMs: Int64?
    /// The published outputs from `JobCompleted`.
    public internal(set) var outputs: JobOutputs?
    public internal(set) var error: JobError?
    /// The stage whose `JobFailed` (or the validator, for `JobRejected`) failed the job.
    public internal(set) var failedStage: JobStage?

    // Cancellation.
    /// The first accepted cancel request. While running or uploading it is all that a request changes.
    public internal(set) var cancelRequest: CancelRequest?
    /// The stage whose `JobCancelled` stopped the job; nil when a request cancelled it before it ran.
    public internal(set) var cancelledStage: JobStage?
    /// The phase the job was in when it was cancelled.
    public internal(set) var cancelledInPhase: JobPhase?

    /// When the event that made the job terminal occurred.
    public internal(set) var completedAt: Timestamp?
    public internal(set) var webhook: WebhookDelivery

    // Bookkeeping.
    /// When the last applied event occurred. Log order decides, not clocks: producers' clocks differ,
    /// so this can be earlier than an earlier event's time.
    public internal(set) var lastEventAt: Timestamp
    public internal(set) var appliedEventCount = 1
    /// Every event id of this job read so far, applied or ignored. Ignored ids count too: a redelivered
    /// event must be dropped even when the state has since moved to where it would apply, or a reader
    /// that saw the repeat would disagree with one that did not.
    public internal(set) var seenEventIDs: Set<UUID>

    /// The state right after the job's `JobSubmitted`; nil for any other event.
    public init?(submission envelope: JobEventEnvelope) {
        guard case .submitted(let submitted) = envelope.event else { return nil }
        jobID = envelope.jobID
        submission = submitted
        createdAt = envelope.occurredAt
        phase = .validating
        webhook = WebhookDelivery(webhookURL: submitted.webhookURL)
        lastEventAt = envelope.occurredAt
        seenEventIDs = [envelope.id]
    }

    public var status: JobStatus { phase.status }

    public var isTerminal: Bool { phase.isTerminal }

    /// Whether every allowed attempt has expired, so no claim can be accepted any more.
    public var attemptsExhausted: Bool { nextAttempt > Self.maxAttempts }

    /// When the current attempt's lease runs out unless the executor shows a sign of life: its last
    /// activity plus the claim's lease. Nil outside `claimed` and `running`, where no lease is held.
    public var leaseExpiresAt: Timestamp? {
        guard phase.holdsLease, let claim, let lastActivityAt else { return nil }
        return lastActivityAt.adding(milliseconds: claim.leaseMs)
    }
}

extension JobState {
    /// The state of the job whose `JobSubmitted` comes first in `events`, or nil when there is none.
    ///
    /// Events before that `JobSubmitted` and events of other jobs are ignored.
    public static func fold(_ events: some Sequence<JobEventEnvelope>) -> JobState? {
        var state: JobState?
        for envelope in events {
            apply(envelope, to: &state)
        }
        return state
    }

    /// Applies one event to a job's state that may not exist yet, for readers that keep many jobs,
    /// e.g. `JobState.apply(envelope, to: &states[envelope.jobID])`.
    ///
    /// A `JobSubmitted` creates the state; any other event before it is ignored as `notSubmittedYet`.
    @discardableResult
    public static func apply(_ envelope: JobEventEnvelope, to state: inout JobState?) -> Outcome {
        if let outcome = state?.apply(envelope) { return outcome }
        guard let submitted = JobState(submission: envelope) else { return .ignored(.notSubmittedYet) }
        state = submitted
        return .applied
    }
}
