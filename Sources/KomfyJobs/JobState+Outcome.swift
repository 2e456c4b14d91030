extension JobState {
    /// What `apply` did with an event.
    public enum Outcome: Sendable, Hashable {
        /// The event changed the state.
        case applied
        /// The event's id was read before (applied or ignored); nothing changed.
        case duplicate
        /// The event does not fit the state; nothing changed except that its id is now seen.
        case ignored(IgnoreReason)
    }

    /// Why an event changed nothing. The raw values are stable, low-cardinality labels for logs and metrics.
    public enum IgnoreReason: String, Sendable, Hashable, CaseIterable {
        /// No `JobSubmitted` for the job yet (only from `JobState.apply(_:to:)` and `fold`).
        case notSubmittedYet = "not_submitted_yet"
        /// A second `JobSubmitted` for the job.
        case alreadySubmitted = "already_submitted"
        /// The event belongs to another job's stream.
        case wrongJob = "wrong_job"
        /// The job is completed, failed or cancelled; only webhook events still apply.
        case alreadyTerminal = "already_terminal"
        /// The event cannot happen in the job's phase, e.g. `JobCompleted` before `JobExecuted`.
        case wrongPhase = "wrong_phase"
        /// Another executor's claim of the same attempt came first in the log.
        case claimLost = "claim_lost"
        /// The event belongs to an attempt other than the current one, usually one whose lease expired.
        case staleAttempt = "stale_attempt"
        /// A `JobStarted` from an executor that does not hold the claim.
        case executorMismatch = "executor_mismatch"
        /// A claim after every allowed attempt expired.
        case attemptsExhausted = "attempts_exhausted"
        /// A cancel request while running or uploading, after an earlier one was recorded.
        case cancelAlreadyRequested = "cancel_already_requested"
        /// A webhook result of an attempt that a newer (or delivered) result already superseded.
        case staleWebhookAttempt = "stale_webhook_attempt"
    }
}
